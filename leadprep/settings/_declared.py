"""Every option of every command, declared once, in the order ``--help`` shows them.

To add an option: one ``declare(Option(...))`` here. The command line, config
files, the Python API's keywords, ``leadprep init`` and the ledger's fingerprint
pick it up from this declaration; the stage that acts on it reads
``settings[THE_OPTION]``.
"""

from __future__ import annotations

from pathlib import Path

from ..dialnexa import DEFAULT_BASE_URL, ENV_API_KEY, ENV_BASE_URL, MAX_FILE_BYTES
from ..dialnexa import DEFAULT_REGION as _IN
from ..dialnexa import MAX_NOTES as _MAX_NOTES
from ._convert import (
    Choice,
    Columns,
    FilePath,
    Number,
    Region,
    Repeat,
    Source,
    Switch,
    Text,
    Whole,
)
from ._option import COMMANDS as _ALL
from ._option import FILE_COMMANDS, Option, declare
from ._times import (
    DEFAULT_CALLING_HOURS,
    CallingHours,
    CallWindow,
    Cap,
    ContactCap,
    HoursTable,
    Window,
)

_API = ("upload", "campaign create", "lead add", "lead get", "lead update")
_RECORDS = ("campaign create", "lead add", "lead get", "lead update")
_RULES = (*FILE_COMMANDS, "init")

# -- what is read ------------------------------------------------------------

FILE = declare(
    Option[Path](
        "file",
        "the lead list: CSV, TSV, XLSX, XLS or Parquet",
        FilePath(),
        Path(),
        (*FILE_COMMANDS, "init"),
        positional=True,
        python=False,
        required_in=(*FILE_COMMANDS, "init"),
    )
)
LEAD_ID = declare(
    Option[str](
        "id",
        "the lead's id, as DialNexa returned it",
        Text("ID"),
        "",
        ("lead get", "lead update"),
        positional=True,
        python=False,
        required_in=("lead get", "lead update"),
    )
)
SHEET = declare(
    Option[str | None](
        "sheet",
        "Excel sheet to read (default: the first)",
        Text("NAME"),
        None,
        _RULES,
        group="reading",
        changes_upload=True,
        init=True,
    )
)
HEADER_ROW = declare(
    Option[int | None](
        "header_row",
        "the sheet row that holds the header (default: found, skipping title rows)",
        Whole(),
        None,
        _RULES,
        group="reading",
        changes_upload=True,
        init=True,
    )
)

# -- which columns -------------------------------------------------------------

PHONE_COLUMN = declare(
    Option[tuple[str, ...]](
        "phone_column",
        "column to use as phone_number, by header or letter (F); several give fallbacks: "
        "'Mobile,Phone' takes Phone where Mobile is blank (default: phone_number, else "
        "inferred from the names and cells)",
        Columns("COL[,COL…]"),
        (),
        _RULES,
        group="columns",
        changes_upload=True,
        init=True,
    )
)
COLUMNS = declare(
    Option[tuple[str, ...]](
        "columns",
        "keep only these columns, in this order: headers or letters, comma-separated; "
        "SOURCE=name renames (the phone column is always kept)",
        Columns(),
        (),
        _RULES,
        group="columns",
        changes_upload=True,
        init=True,
    )
)
DROP_COLUMNS = declare(
    Option[tuple[str, ...]](
        "drop_columns",
        "leave these columns out",
        Columns(),
        (),
        _RULES,
        group="columns",
        changes_upload=True,
        init=True,
    )
)
ONLY_PROMPT_COLUMNS = declare(
    Option[bool](
        "only_prompt_columns",
        "keep the phone column and exactly the columns the --prompt uses",
        Switch(),
        False,
        _RULES,
        group="columns",
        changes_upload=True,
        init=True,
    )
)
PROMPT = declare(
    Option[Path | None](
        "prompt",
        "agent prompt: check its {{variables}} against the columns",
        FilePath(),
        None,
        _RULES,
        group="columns",
        changes_upload=True,
        init=True,
        io="reads",
    )
)
KEEP_HEADERS = declare(
    Option[bool](
        "keep_headers",
        "upload headers as written (no renaming)",
        Switch(),
        False,
        _RULES,
        group="columns",
        changes_upload=True,
        init=True,
    )
)

# -- the rules -----------------------------------------------------------------

DEFAULT_REGION = declare(
    Option[str | None](
        "default_region",
        f"region for numbers written without +country code (default: {_IN})",
        Region(),
        None,
        (*_RULES, "sandbox", "lead add", "lead update"),
        group="rules",
        changes_upload=True,
        init=True,
    )
)
REGION_COLUMN = declare(
    Option[str | None](
        "region_column",
        "a column naming each row's country (United States, IN, +44…) for numbers written "
        "without +country code; a blank or unknown cell falls back to --default-region",
        Text("COL"),
        None,
        _RULES,
        group="rules",
        changes_upload=True,
        init=True,
    )
)
ALLOW_SUSPICIOUS = declare(
    Option[bool](
        "allow_suspicious",
        "upload numbers that look like placeholders (9876543210, 9898989898, 555-01xx), "
        "with a warning, instead of leaving them out",
        Switch(),
        False,
        _RULES,
        group="rules",
        changes_upload=True,
        init=True,
    )
)
TELEPHONY_CONFIG = declare(
    Option[object](
        "telephony_config",
        "JSON of the workspace's enabled network groups (schemas/telephony-config.schema.json)",
        Source(),
        None,
        (*_RULES, "sandbox"),
        group="rules",
        changes_upload=True,
        init=True,
        io="reads",
    )
)
SUPPRESS = declare(
    Option[tuple[Path, ...]](
        "suppress",
        "do-not-call list: these numbers are skipped (repeatable)",
        Repeat(FilePath()),
        (),
        _RULES,
        group="rules",
        changes_upload=True,
        init=True,
        io="reads",
    )
)
SUPPRESS_MAX_AGE = declare(
    Option[int | None](
        "suppress_max_age",
        "a do-not-call list changed longer ago than this many days refuses the run "
        "(suppression_list_stale)",
        Whole(metavar="DAYS"),
        None,
        _RULES,
        group="who and when",
        init=True,
    )
)
CONSENT_COLUMN = declare(
    Option[str | None](
        "consent_column",
        "a column that says each lead agreed to be called: yes, y, true, 1, opted in or "
        "a date; any other cell leaves the row out (no_consent)",
        Text("COL"),
        None,
        _RULES,
        group="who and when",
        changes_upload=True,
        init=True,
    )
)
CALL_WINDOW = declare(
    Option[CallWindow | None](
        "call_window",
        "when the campaign dials (ISO 8601 with offsets: "
        "2026-12-04T10:00+05:30/2026-12-04T19:00+05:30); a lead never inside its "
        "calling hours then, where it is, is left out (outside_calling_hours)",
        Window(),
        None,
        _RULES,
        group="who and when",
        changes_upload=True,
    )
)
CALLING_HOURS = declare(
    Option[CallingHours](
        "calling_hours",
        "the local hours a lead may be called, for every country (a [calling-hours] "
        'table in the config sets them by country: IN = "09:00-21:00")',
        HoursTable(),
        DEFAULT_CALLING_HOURS,
        _RULES,
        group="who and when",
        changes_upload=True,
        shown_default="IN 09:00-21:00, elsewhere 08:00-21:00",
    )
)
MAX_CONTACTS = declare(
    Option[ContactCap | None](
        "max_contacts",
        "skip a number the ledger shows uploaded N times in the last DAYS days, to "
        "any campaign (contact_cap_reached)",
        Cap(),
        None,
        ("upload",),
        group="who and when",
        changes_upload=True,
    )
)
ALLOW_DUPLICATES = declare(
    Option[bool](
        "allow_duplicates",
        "keep repeated phone numbers",
        Switch(),
        False,
        _RULES,
        group="rules",
        changes_upload=True,
        init=True,
    )
)

# -- what is written -------------------------------------------------------------

OUTPUT = declare(
    Option[Path | None](
        "output",
        "write the valid rows (E.164, UTF-8)",
        FilePath("CLEAN.csv"),
        None,
        ("validate",),
        short="-o",
        group="outputs",
        io="writes",
    )
)
CONFIG_OUTPUT = declare(
    Option[Path | None](
        "config_output",
        "write the config here, not to stdout",
        FilePath("CONFIG.toml"),
        None,
        ("init",),
        flag="--output",
        short="-o",
        group="outputs",
        python=False,
        io="writes",
    )
)
OUT_DIR = declare(
    Option[Path | None](
        "out_dir",
        "the folder for the API-ready parts (part-0001.csv, …) and report.json",
        FilePath("DIR"),
        None,
        ("prepare",),
        group="outputs",
        required_in=("prepare",),
    )
)
ERRORS_OUTPUT = declare(
    Option[Path | None](
        "errors_output",
        "write each bad row with its row number, code and message (.csv or .xlsx)",
        FilePath("ERRORS.csv|.xlsx"),
        None,
        FILE_COMMANDS,
        group="outputs",
        io="writes",
    )
)
REPORT_JSON = declare(
    Option[Path | None](
        "report_json",
        "write the JSON report (always written, whatever the outcome)",
        FilePath("PATH"),
        None,
        FILE_COMMANDS,
        group="outputs",
        python=False,
        io="writes",
    )
)
REPORT_HTML = declare(
    Option[Path | None](
        "report_html",
        "write the report as one self-contained HTML page (charts, example rows, chunks) "
        "to open and look at",
        FilePath("PATH"),
        None,
        FILE_COMMANDS,
        group="outputs",
        python=False,
        io="writes",
    )
)
NOTIFY = declare(
    Option[str | None](
        "notify",
        "when the run ends, POST a short JSON summary (verdict, counts, report paths; a "
        "Slack-style 'text') to URL; a failed notification is a warning, never the exit code",
        Text("URL"),
        None,
        FILE_COMMANDS,
        group="outputs",
        python=False,
        env="LEADPREP_NOTIFY",
    )
)
VERBOSE = declare(
    Option[bool](
        "verbose",
        "list every header rename and the phone column's reasons in the text report "
        "(routine findings are one line each without it)",
        Switch(),
        False,
        FILE_COMMANDS,
        short="-v",
        group="outputs",
        python=False,
    )
)
FORMAT = declare(
    Option[str](
        "format",
        "what goes to stdout",
        Choice("text", "json"),
        "text",
        FILE_COMMANDS,
        group="outputs",
        python=False,
        shown_default="text",
    )
)

# -- uploading -------------------------------------------------------------------

CAMPAIGN = declare(
    Option[str](
        "campaign",
        "the campaign's id",
        Text("ID"),
        "",
        ("upload", "lead add"),
        group="upload",
        required_in=("upload", "lead add"),
    )
)
SPLIT_BY_TIMEZONE = declare(
    Option[bool](
        "split_by_timezone",
        "write the parts in one folder per local time zone (Asia_Calcutta/part-0001.csv, "
        "…), for a campaign scheduled for each",
        Switch(),
        False,
        ("prepare",),
        group="outputs",
    )
)
CHUNK_ROWS = declare(
    Option[int](
        "chunk_rows",
        f"rows per request (bytes are capped at {MAX_FILE_BYTES:,})",
        Whole(),
        5_000,
        ("upload",),
        group="upload",
        changes_upload=True,
        shown_default="5,000",
    )
)
PART_ROWS = declare(
    Option[int | None](
        "chunk_rows",
        f"rows per part (default: as many as fit in {MAX_FILE_BYTES:,} bytes)",
        Whole(),
        None,
        ("prepare",),
        group="outputs",
    )
)
CONCURRENCY = declare(
    Option[int](
        "concurrency",
        "parallel requests (never above the API's rate limit)",
        Whole(),
        2,
        ("upload",),
        group="upload",
        shown_default="2",
    )
)
LEDGER = declare(
    Option[Path | None](
        "ledger",
        "SQLite ledger (default: ~/.local/share/leadprep/ledger.sqlite3); "
        "'off' remembers nothing (drills only)",
        FilePath("PATH"),
        None,
        ("upload",),
        group="upload",
        env="LEADPREP_LEDGER",
        io="writes",
    )
)
DRY_RUN = declare(
    Option[bool](
        "dry_run",
        "validate and print the plan only",
        Switch(),
        False,
        ("upload",),
        group="upload",
    )
)
ALLOW_REUPLOAD = declare(
    Option[bool](
        "allow_reupload",
        "send numbers the ledger shows as already uploaded to this campaign",
        Switch(),
        False,
        ("upload",),
        group="upload",
        changes_upload=True,
    )
)
MAX_ATTEMPTS = declare(
    Option[int](
        "max_attempts",
        "tries per request",
        Whole(),
        8,
        ("upload",),
        group="upload",
        shown_default="8",
    )
)
LOCK_WAIT = declare(
    Option[float](
        "lock_wait",
        "wait this long for another upload to the same campaign or ledger",
        Number(strict=False),
        60.0,
        ("upload",),
        group="upload",
        shown_default="60",
    )
)

# -- the DialNexa API ---------------------------------------------------------------

BASE_URL = declare(
    Option[str](
        "base_url",
        f"API base URL (default {DEFAULT_BASE_URL})",
        Text("URL"),
        DEFAULT_BASE_URL,
        _API,
        group="DialNexa API",
        env=ENV_BASE_URL,
    )
)
API_KEY = declare(
    Option[str | None](
        "api_key",
        "API key (never printed); the sandbox accepts this key",
        Text("KEY"),
        None,
        (*_API, "sandbox"),
        group="DialNexa API",
        env=ENV_API_KEY,
    )
)
TIMEOUT = declare(
    Option[float](
        "timeout",
        "longest wait for the network in one request; a whole attempt is cut off after 3×S",
        Number(),
        60.0,
        _API,
        group="DialNexa API",
        shown_default="60",
    )
)
ALLOW_INSECURE_HTTP = declare(
    Option[bool](
        "allow_insecure_http",
        "allow a plain http:// base URL that is not a loopback address (the key travels "
        "in clear text)",
        Switch(),
        False,
        _API,
        group="DialNexa API",
    )
)
JSON = declare(
    Option[bool](
        "json",
        "print DialNexa's whole answer",
        Switch(),
        False,
        _RECORDS,
        python=False,
    )
)

# -- one campaign, one lead -----------------------------------------------------------

CAMPAIGN_NAME = declare(
    Option[str | None](
        "campaign_name",
        "the campaign's name",
        Text("NAME"),
        None,
        ("campaign create",),
        flag="--name",
        required_in=("campaign create",),
        python=False,
    )
)
AGENT_ID = declare(
    Option[str | None](
        "agent_id",
        "the voice agent that calls",
        Text("ID"),
        None,
        ("campaign create",),
        required_in=("campaign create",),
        python=False,
    )
)
FROM_NUMBER = declare(
    Option[str | None](
        "from_number",
        "outbound number, e.g. +912234567890",
        Text("E164"),
        None,
        ("campaign create",),
        python=False,
    )
)
MAX_CONCURRENT_CALLS = declare(
    Option[int | None](
        "max_concurrent_calls",
        "calls at once",
        Whole(),
        None,
        ("campaign create",),
        python=False,
    )
)
MAX_RETRIES = declare(
    Option[int | None](
        "max_retries",
        "calls to a lead that does not answer, after the first",
        Whole(0),
        None,
        ("campaign create",),
        python=False,
    )
)
RETRY_INTERVAL_MINUTES = declare(
    Option[int | None](
        "retry_interval_minutes",
        "minutes between those calls",
        Whole(),
        None,
        ("campaign create",),
        python=False,
    )
)
SCHEDULED_AT = declare(
    Option[str | None](
        "scheduled_at",
        "when the campaign starts dialling (ISO 8601)",
        Text("ISO8601"),
        None,
        ("campaign create",),
        python=False,
    )
)
PHONE = declare(
    Option[str | None](
        "phone",
        "the lead's number, any format; checked, sent as E.164 parts",
        Text("PHONE"),
        None,
        ("lead add", "lead update"),
        required_in=("lead add",),
        python=False,
    )
)
LEAD_NAME = declare(
    Option[str | None](
        "lead_name",
        "the lead's name",
        Text("NAME"),
        None,
        ("lead add", "lead update"),
        flag="--name",
        required_in=("lead add",),
        python=False,
    )
)
NOTE = declare(
    Option[tuple[str, ...]](
        "note",
        f"KEY=VALUE, repeatable (at most {_MAX_NOTES}); lead update keeps the other notes",
        Repeat(Text("KEY=VALUE")),
        (),
        ("lead add", "lead update"),
        python=False,
    )
)
REPLACE_NOTES = declare(
    Option[bool](
        "replace_notes",
        "the --note values become all of the lead's notes",
        Switch(),
        False,
        ("lead update",),
        python=False,
    )
)

# -- the demo and the sandbox ----------------------------------------------------------

KEEP = declare(
    Option[Path | None](
        "keep",
        "keep the ledger, reports and sandbox database here",
        FilePath("DIR"),
        None,
        ("demo",),
        python=False,
    )
)
HOST = declare(
    Option[str](
        "host", "address to listen on", Text("HOST"), "127.0.0.1", ("sandbox",), python=False
    )
)
PORT = declare(
    Option[int](
        "port",
        "port to listen on (0 picks a free one)",
        Whole(0),
        8080,
        ("sandbox",),
        python=False,
        shown_default="8080",
    )
)
DB = declare(
    Option[str](
        "db",
        "SQLite file; a restart keeps its state (default: in memory)",
        Text("PATH"),
        ":memory:",
        ("sandbox",),
        python=False,
    )
)
READ_ONLY_KEY = declare(
    Option[str | None](
        "read_only_key",
        "a key that gets 403 on writes",
        Text("KEY"),
        None,
        ("sandbox",),
        python=False,
    )
)
FAIL_RATE = declare(
    Option[float](
        "fail_rate",
        "share of requests answered 503",
        Number(0.0, 1.0, strict=False, metavar="SHARE"),
        0.0,
        ("sandbox",),
        group="faults",
        python=False,
    )
)
LATENCY_MS = declare(
    Option[int](
        "latency_ms", "delay before each answer", Whole(0), 0, ("sandbox",), group="faults",
        python=False,
    )
)  # fmt: skip
RATE_LIMIT = declare(
    Option[int](
        "rate_limit",
        "requests a second per key (0: unlimited)",
        Whole(0),
        0,
        ("sandbox",),
        group="faults",
        python=False,
    )
)
FAIL_AFTER_COMMIT_RATE = declare(
    Option[float](
        "fail_after_commit_rate",
        "share of writes that commit, then answer 500 or drop the connection",
        Number(0.0, 1.0, strict=False, metavar="SHARE"),
        0.0,
        ("sandbox",),
        group="faults",
        python=False,
    )
)
DIAL_AFTER_MS = declare(
    Option[int | None](
        "dial_after_ms",
        "leads leave 'pending' this long after they are created",
        Whole(metavar="MS"),
        None,
        ("sandbox",),
        group="faults",
        python=False,
    )
)
SEED = declare(
    Option[int | None](
        "seed",
        "make injected faults repeatable",
        Whole(-(2**63)),
        None,
        ("sandbox",),
        group="faults",
        python=False,
    )
)

# -- every command ---------------------------------------------------------------------

QUIET = declare(
    Option[bool](
        "quiet", "no progress bar; one-line result", Switch(), False, _ALL, short="-q",
        python=False,
    )
)  # fmt: skip
DEBUG = declare(
    Option[bool]("debug", "show tracebacks on errors", Switch(), False, _ALL, python=False)
)
CONFIG = declare(
    Option[Path | None](
        "config",
        "TOML file setting options by their long names (${VAR} from the environment; a "
        "[command] table for one command); flags given here win. 'leadprep init' writes one",
        FilePath(),
        None,
        _ALL,
        python=False,
    )
)
