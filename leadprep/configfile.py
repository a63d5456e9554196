"""Config files for repeatable jobs: ``--config FILE`` reads one, ``leadprep init`` writes one.

A cron job that needs the same six flags every day keeps them in a TOML file::

    # leads.toml
    phone-column = ["Mobile", "Phone"]     # any long option, by its name
    default-region = "IN"
    columns = ["Name", "City", "Loan Amount"]

    [upload]                                # options for one command only
    campaign = "cmp_123"
    api-key = "${DIALNEXA_API_KEY}"         # ${VAR}: from the environment

Top-level keys apply to every command that has the option (``campaign`` is
ignored by ``validate``); a ``[command]`` table (``[upload]``, ``[lead.add]``)
to that command only, and wins over the top level. Options given on the command
line win over both. A key no command knows, a ``${VAR}`` that is not set or a
file that is not TOML is a usage error (exit 2) naming the key or line.

:func:`suggest_config` is ``leadprep init``: it validates a file, applies what
each refusal names as its fix (columns to keep, …), reads what leadprep found
(the header row, the phone column, another country's numbers) and writes it
all down as a commented config that makes the file pass.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import select
import stat
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._exceptions import UsageError
from .findings import HeaderRowDetected, PhoneColumnInferred, RegionMismatch

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


#: A config is a few lines; more than this is not one.
MAX_CONFIG_BYTES = 1 << 20
#: How long a config given as a pipe (``--config <(leadprep init FILE)``) may take.
PIPE_WAIT_S = 60.0


def load_config(path: str | Path) -> dict[str, Any]:
    """The TOML at ``path``, every ``${VAR}`` replaced from the environment.

    ``path`` may be a pipe (``--config <(leadprep init leads.csv)``): it is read
    to its end, for at most :data:`PIPE_WAIT_S` seconds."""
    path = Path(path)
    try:
        if stat.S_ISFIFO(path.stat().st_mode):
            text = _read_pipe(path)
        else:
            from .read import regular_input  # (here: the command line starts without NumPy)

            regular_input(path, "config file", "--config")
            text = path.read_bytes()[:MAX_CONFIG_BYTES].decode("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the config {path}: {exc}", hint="check the path") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"the config {path} is not valid TOML: {exc}",
            hint='write one option per line: name = "value"',
        ) from exc
    expanded: dict[str, Any] = _expand(data, path)
    return expanded


def _read_pipe(path: Path) -> str:
    """A pipe's text, read without ever waiting more than :data:`PIPE_WAIT_S` in all."""
    deadline = time.monotonic() + PIPE_WAIT_S
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO may wait: not so
    try:
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_CONFIG_BYTES:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise UsageError(
                    f"the config {path} sent nothing for {PIPE_WAIT_S:.0f} s",  # (whole s)
                    hint="give a config file, or a command that writes one and ends",
                )
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)[:MAX_CONFIG_BYTES].decode("utf-8")
    finally:
        os.close(fd)


def _expand(value: Any, path: Path, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _expand(v, path, f"{key}.{k}" if key else k) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, path, key) for v in value]
    if isinstance(value, str):

        def variable(match: re.Match[str]) -> str:
            name = match.group(1)
            found = os.environ.get(name)
            if found is None:
                raise UsageError(
                    f"the config {path} uses ${{{name}}} in {key!r}, but {name} is not set",
                    hint=f"export {name}=… before running, or write the value in the file",
                )
            return found

        return _VARIABLE.sub(variable, value)
    return value


def options_for(config: Mapping[str, Any], command: list[str]) -> dict[str, Any]:
    """The options ``config`` sets for ``command`` (``["upload"]``, ``["lead", "add"]``):
    the top level, then the command's own table over it."""
    chosen = {k: v for k, v in config.items() if not isinstance(v, dict)}
    table: Any = config
    for word in command:
        table = table.get(word, {}) if isinstance(table, dict) else {}
    if isinstance(table, dict):
        chosen.update({k: v for k, v in table.items() if not isinstance(v, dict)})
    return chosen


@dataclass
class Suggestion:
    """What ``leadprep init`` found, option by option, with a comment for each."""

    file: str
    options: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    #: the report of the file validated with :attr:`options`
    report: Any = None

    @property
    def passes(self) -> bool:
        return self.report is not None and not self.report.rejected

    def to_toml(self) -> str:
        return render_config(self)


def suggest_config(path: str | Path, **given: Any) -> Suggestion:
    """Validate ``path`` until it passes, applying each refusal's fix; return the options.

    ``given`` are validate's keyword options the caller already knows (``prompt``,
    ``sheet``…); they are kept in the config."""
    from .pipeline import validate

    options: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    notes: dict[str, str] = {}
    report = validate(path, **options)
    for _ in range(4):  # each fix removes one refusal; a few at most
        if not (report.rejected and report.fix):
            break
        for name, value in report.fix.items():
            keyword = name.replace("-", "_")
            options[keyword] = value
            error = report.file_errors[0]
            notes[keyword] = f"{error.code}: {error.message.partition(' — ')[0]}"
        report = validate(path, **options)
    for f in report.warnings:
        if f.code == RegionMismatch.code and f.value and given.get("default_region") is None:
            options["default_region"] = f.value
            notes["default_region"] = f.message
            report = validate(path, **options)
            break
    if report.header_row is not None and not report.rejected:
        options.setdefault("header_row", report.header_row)
        detected = [f for f in report.warnings if f.code == HeaderRowDetected.code]
        notes.setdefault(
            "header_row",
            detected[0].message if detected else f"the header is row {report.header_row}",
        )
    if report.phone_column and not report.rejected:
        options.setdefault("phone_column", list(report.phone_column))
        inferred = [f for f in report.warnings if f.code == PhoneColumnInferred.code]
        notes.setdefault(
            "phone_column",
            inferred[0].message if inferred else "the phone column",
        )
    return Suggestion(file=report.file, options=options, notes=notes, report=report)


#: The order options appear in a config init writes.
_ORDER = (
    "sheet",
    "header_row",
    "phone_column",
    "columns",
    "drop_columns",
    "only_prompt_columns",
    "prompt",
    "default_region",
    "telephony_config",
)


def render_config(s: Suggestion) -> str:
    """The suggestion as a commented TOML config."""
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    lines = [
        f"# leadprep config for {s.file}, written by `leadprep init` on {today}.",
        "# Use it:  leadprep validate FILE --config THIS.toml   (or prepare / upload)",
        "# Any long option can be set here by its name; ${VAR} is read from the environment;",
        "# options given on the command line win.",
    ]
    report = s.report
    if report is not None:
        verdict = report.verdict().removeprefix("Result: ")
        lines.append(f"# With these settings: {verdict}")
    for keyword in sorted(s.options, key=lambda k: (_ORDER.index(k) if k in _ORDER else 99, k)):
        value = s.options[keyword]
        lines.append("")
        note = s.notes.get(keyword)
        if note:
            lines.extend(f"# {line}" for line in _wrap(note))
        if keyword == "columns":
            lines.append("# Edit the list to the columns your agent prompt uses (15 at most).")
        lines.append(f"{keyword.replace('_', '-')} = {_toml_value(value)}")
    lines += [
        "",
        "[upload]",
        '# campaign = "cmp_…"',
        '# api-key = "${DIALNEXA_API_KEY}"',
        "",
    ]
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _wrap(text: str, width: int = 86) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines
