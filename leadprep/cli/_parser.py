"""The ``leadprep`` argument parser: every command, option and default in one place.

Handlers are imported when their command runs: ``leadprep lead get`` never
loads pyarrow, ``leadprep validate`` never loads httpx or the ledger.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any, NoReturn

from .._exceptions import EXIT_USAGE
from .._version import __version__
from ..delivery import DEFAULT_CHUNK_ROWS, DEFAULT_CONCURRENCY
from ..dialnexa import (
    DEFAULT_BASE_URL,
    DEFAULT_REGION,
    ENV_API_KEY,
    ENV_BASE_URL,
    MAX_FILE_BYTES,
    MAX_NOTES,
)
from ._files import cmd_demo, cmd_init, cmd_prepare, cmd_sandbox, cmd_upload, cmd_validate


def _command(name: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        from . import _records

        handler: Any = getattr(_records, name)
        return int(handler(args))

    return run


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message} — see '{self.prog} --help'\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar; one-line result"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML file setting options by their long names (${VAR} from the environment; "
        "a [command] table for one command); flags given here win. 'leadprep init' writes one",
    )


def _validation_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("validation rules")
    g.add_argument(
        "--phone-column",
        metavar="COL[,COL…]",
        help="column to use as phone_number, by header or letter (F); several give "
        "fallbacks: 'Mobile,Phone' takes Phone where Mobile is blank (default: "
        "phone_number, else inferred from the names and cells)",
    )
    g.add_argument(
        "--columns",
        metavar="SPEC",
        help="keep only these columns, in this order: headers or letters, comma-separated; "
        "SOURCE=name renames (the phone column is always kept)",
    )
    g.add_argument("--drop-columns", metavar="SPEC", help="leave these columns out")
    g.add_argument(
        "--only-prompt-columns",
        action="store_true",
        help="keep the phone column and exactly the columns the --prompt uses",
    )
    g.add_argument(
        "--header-row",
        type=_positive_int,
        metavar="N",
        help="the sheet row that holds the header (default: found, skipping title rows)",
    )
    g.add_argument(
        "--default-region",
        metavar="CC",
        default=DEFAULT_REGION,
        help=f"region for numbers written without +country code (default: {DEFAULT_REGION})",
    )
    g.add_argument(
        "--telephony-config",
        metavar="FILE",
        help="JSON of enabled network groups (schemas/telephony-config.schema.json)",
    )
    g.add_argument("--suppress", metavar="FILE", help="do-not-call list: these numbers are skipped")
    g.add_argument("--prompt", metavar="FILE", help="agent prompt: check its {{variables}}")
    g.add_argument(
        "--keep-headers", action="store_true", help="upload headers as written (no renaming)"
    )
    g.add_argument("--allow-duplicates", action="store_true", help="keep repeated phone numbers")
    g.add_argument("--sheet", metavar="NAME", help="Excel sheet to read (default: the first)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leadprep",
        description="Check lead lists against DialNexa's upload rules, then upload them.",
    )
    parser.add_argument("--version", action="version", version=f"leadprep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    v = sub.add_parser(
        "validate",
        help="check a CSV/XLSX/XLS file and report every row that would not upload",
        description="Check FILE against DialNexa's upload rules before anything is sent.",
    )
    v.add_argument("file", metavar="FILE")
    v.add_argument(
        "--output", "-o", metavar="CLEAN.csv", help="write the valid rows (E.164, UTF-8)"
    )
    v.add_argument(
        "--errors-output",
        metavar="ERRORS.csv|.xlsx",
        help="write each bad row with its row number, code and message",
    )
    v.add_argument("--report-json", metavar="PATH", help="write the JSON report (always written)")
    v.add_argument("--format", choices=("text", "json"), default="text", help="what goes to stdout")
    _validation_options(v)
    _common(v)
    v.set_defaults(handler=cmd_validate)

    up = sub.add_parser(
        "upload",
        help="validate FILE, then upload its valid rows to a campaign, resumably",
        description="Validate FILE, upload the valid rows in chunks, reconcile. Rerunning "
        "the same command resumes; numbers already uploaded to the campaign are skipped.",
    )
    up.add_argument("file", metavar="FILE")
    up.add_argument("--campaign", required=True, metavar="ID")
    up.add_argument(
        "--chunk-rows",
        type=_positive_int,
        default=DEFAULT_CHUNK_ROWS,
        metavar="N",
        help=f"rows per request (default {DEFAULT_CHUNK_ROWS:,}; bytes are capped at "
        f"{MAX_FILE_BYTES:,})",
    )
    up.add_argument(
        "--concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"parallel requests (default {DEFAULT_CONCURRENCY}; never above the API's rate limit)",
    )
    up.add_argument(
        "--ledger",
        metavar="PATH",
        help="SQLite ledger (default: $LEADPREP_LEDGER or ~/.local/share/leadprep/); "
        "'off' remembers nothing (drills only)",
    )
    up.add_argument("--report-json", metavar="PATH", help="write the upload report (always)")
    up.add_argument("--errors-output", metavar="ERRORS.csv|.xlsx", help="write the bad rows")
    up.add_argument("--dry-run", action="store_true", help="validate and print the plan only")
    up.add_argument(
        "--allow-reupload",
        action="store_true",
        help="send numbers the ledger shows as already uploaded to this campaign",
    )
    up.add_argument(
        "--max-attempts",
        type=_positive_int,
        default=8,
        metavar="N",
        help="tries per request (default 8)",
    )
    up.add_argument(
        "--lock-wait",
        type=float,
        default=60.0,
        metavar="S",
        help="wait this long for another upload on the same ledger (default 60)",
    )
    up.add_argument("--format", choices=("text", "json"), default="text")
    _validation_options(up)
    _api_options(up)
    up.set_defaults(handler=cmd_upload)

    pr = sub.add_parser(
        "prepare",
        help="validate FILE and write API-ready CSV parts for uploading by hand",
    )
    pr.add_argument("file", metavar="FILE")
    pr.add_argument("--out-dir", required=True, metavar="DIR")
    pr.add_argument(
        "--chunk-rows",
        type=_positive_int,
        default=None,
        metavar="N",
        help=f"rows per part (default: as many as fit in {MAX_FILE_BYTES:,} bytes)",
    )
    pr.add_argument("--errors-output", metavar="ERRORS.csv|.xlsx")
    pr.add_argument("--report-json", metavar="PATH", help="also write the report here")
    pr.add_argument("--format", choices=("text", "json"), default="text")
    _validation_options(pr)
    _common(pr)
    pr.set_defaults(handler=cmd_prepare)

    i = sub.add_parser(
        "init",
        help="inspect FILE and print a commented config (TOML) that makes it pass",
        description="Validate FILE, apply the fix each refusal names, and print the options "
        "found (header row, phone column, columns to keep, region) as a config for "
        "--config: a cron job's settings, ready to edit.",
    )
    i.add_argument("file", metavar="FILE")
    i.add_argument("--output", "-o", metavar="CONFIG.toml", help="write it here, not to stdout")
    i.add_argument("--prompt", metavar="FILE", help="agent prompt: keep the columns it uses")
    i.add_argument("--sheet", metavar="NAME", help="Excel sheet to read (default: the first)")
    i.add_argument(
        "--default-region",
        metavar="CC",
        help=f"region the numbers are from (default: {DEFAULT_REGION}, unless the list "
        "is clearly another country's)",
    )
    i.add_argument("--telephony-config", metavar="FILE", help="JSON of enabled network groups")
    _common(i)
    i.set_defaults(handler=cmd_init)

    d = sub.add_parser(
        "demo",
        help="the whole job on an embedded sandbox: validate, upload, reconcile, rerun",
    )
    d.add_argument("--keep", metavar="DIR", help="keep the ledger, reports and sandbox db here")
    _common(d)
    d.set_defaults(handler=cmd_demo)

    _api_commands(sub)
    _sandbox_command(sub)
    return parser


def _api_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("DialNexa API")
    g.add_argument(
        "--base-url",
        metavar="URL",
        help=f"API base URL (env {ENV_BASE_URL}; default {DEFAULT_BASE_URL})",
    )
    g.add_argument("--api-key", metavar="KEY", help=f"API key (env {ENV_API_KEY}; never printed)")
    g.add_argument(
        "--timeout",
        type=_positive_float,
        default=60.0,
        metavar="S",
        help="longest wait for the network in one request (default 60); a whole attempt "
        "is cut off after 3×S",
    )
    g.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow a plain http:// base URL that is not a loopback address (the key "
        "travels in clear text)",
    )
    parser.add_argument("--json", action="store_true", help="print DialNexa's whole answer")
    _common(parser)


def _api_commands(sub: Any) -> None:
    campaign = sub.add_parser("campaign", help="create a campaign").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser, required=True
    )
    c = campaign.add_parser("create", help="POST /campaigns")
    c.add_argument("--name", required=True)
    c.add_argument("--agent-id", required=True)
    c.add_argument("--from-number", metavar="E164", help="outbound number, e.g. +912234567890")
    c.add_argument("--max-concurrent-calls", type=_positive_int, metavar="N")
    c.add_argument("--max-retries", type=_non_negative_int, metavar="N")
    c.add_argument("--retry-interval-minutes", type=_positive_int, metavar="N")
    c.add_argument("--scheduled-at", metavar="ISO8601")
    _api_options(c)
    c.set_defaults(handler=_command("campaign_create"))

    lead = sub.add_parser("lead", help="add, get or update one lead").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser, required=True
    )
    a = lead.add_parser("add", help="POST /campaigns-leads")
    a.add_argument("--campaign", required=True, metavar="ID")
    a.add_argument("--phone", required=True, help="any format; checked and sent as E.164 parts")
    a.add_argument("--name", required=True)
    a.add_argument(
        "--note", action="append", metavar="KEY=VALUE", help=f"repeat, at most {MAX_NOTES}"
    )
    a.add_argument("--default-region", default=DEFAULT_REGION, metavar="CC")
    _api_options(a)
    a.set_defaults(handler=_command("lead_add"))

    g = lead.add_parser("get", help="GET /campaigns-leads/{id}")
    g.add_argument("id", metavar="ID")
    _api_options(g)
    g.set_defaults(handler=_command("lead_get"))

    u = lead.add_parser("update", help="PATCH /campaigns-leads/{id} (only while pending)")
    u.add_argument("id", metavar="ID")
    u.add_argument("--phone")
    u.add_argument("--name")
    u.add_argument(
        "--note",
        action="append",
        metavar="KEY=VALUE",
        help="set one note, keeping the others (repeatable)",
    )
    u.add_argument(
        "--replace-notes",
        action="store_true",
        help="the --note values become all of the lead's notes",
    )
    u.add_argument("--default-region", default=DEFAULT_REGION, metavar="CC")
    _api_options(u)
    u.set_defaults(handler=_command("lead_update"))


def _sandbox_command(sub: Any) -> None:
    s = sub.add_parser(
        "sandbox",
        help="serve a local DialNexa-compatible API (for demos, tests, dry runs)",
        description="Serve the five DialNexa endpoints on HOST:PORT/v1, state in SQLite.",
    )
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    s.add_argument("--db", default=":memory:", help="SQLite file; a restart keeps its state")
    s.add_argument("--api-key", default=None, help=f"key to accept (env {ENV_API_KEY})")
    s.add_argument("--read-only-key", default=None, help="a key that gets 403 on writes")
    s.add_argument("--telephony-config", metavar="FILE", help="enabled destinations (JSON)")
    s.add_argument("--default-region", default=DEFAULT_REGION, metavar="CC")
    s.add_argument("--fail-rate", type=_fraction, default=0.0, help="share answered 503")
    s.add_argument("--latency-ms", type=_non_negative_int, default=0)
    s.add_argument("--rate-limit", type=_non_negative_int, default=0, help="requests/s per key")
    s.add_argument(
        "--fail-after-commit-rate",
        type=_fraction,
        default=0.0,
        help="share of writes that commit, then answer 500 or drop the connection",
    )
    s.add_argument("--dial-after-ms", type=_positive_int, default=None, metavar="MS")
    s.add_argument("--seed", type=int, default=None, help="make injected faults repeatable")
    _common(s)
    s.set_defaults(handler=cmd_sandbox)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value
