"""``leadprep init``: the config (TOML) that makes a file pass, every setting with its reason.

:func:`suggest_config` validates a file, applies what each refusal names as its
fix (columns to keep, …), reads what leadprep found (the header row, the phone
column, another country's numbers) and :func:`render_config` writes it all down
as a commented config for ``--config``. Which options it may write, in which
order, and under which keys, comes from their declarations
(:mod:`leadprep.settings`): an option declared with ``init=True`` is written
when it was given or found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import HeaderRowDetected, PhoneColumnInferred
from .normalise import is_consent_name, normalise_header
from .read import open_table
from .settings import (
    CONSENT_COLUMN,
    HEADER_ROW,
    PHONE_COLUMN,
    REGISTRY,
    SHEET,
    Option,
    Settings,
)


@dataclass
class Suggestion:
    """What ``leadprep init`` found: the settings that make the file pass, and why each."""

    file: str
    settings: Settings
    notes: dict[Option[Any], str] = field(default_factory=dict)
    #: the report of the file validated with :attr:`settings`
    report: Any = None

    @property
    def passes(self) -> bool:
        return self.report is not None and not self.report.rejected

    def to_toml(self) -> str:
        return render_config(self)

    def take(self, option: Option[Any], value: object, why: str) -> None:
        """Set ``option`` to ``value`` (as leadprep itself found it), noting why."""
        self.settings = self.settings.with_values({option: option.convert(value)})
        self.notes[option] = why


def suggest_config(path: str | Path, given: Settings) -> Suggestion:
    """Validate ``path`` until it passes, applying each refusal's fix; return the options.

    ``given`` are the options the caller already knows (``prompt``, ``sheet``…);
    they are kept in the config."""
    from .pipeline import validate_with

    s = Suggestion(
        file=str(path),
        settings=Settings("validate", {o: v for o, v in given.items() if o.takes("validate")}),
    )
    s.report = validate_with(path, s.settings)
    for _ in range(4):  # each fix removes one refusal; a few at most
        if not (s.report.rejected and s.report.fix):
            break
        error = s.report.file_errors[0]
        for key, value in s.report.fix.items():
            s.take(_by_key(key), value, f"{error.code}: {error.message}")
        s.report = validate_with(path, s.settings)
    if not s.report.rejected:
        _note_what_was_found(s)
        if _note_consent(s, path):
            s.report = validate_with(path, s.settings)
    s.file = s.report.file
    return s


def _note_consent(s: Suggestion, path: str | Path) -> bool:
    """A column whose name says consent (``Opt In``) becomes --consent-column (rows
    without a yes are then left out); whether one was taken."""
    if s.settings.given(CONSENT_COLUMN):
        return False
    with open_table(path, sheet=s.settings[SHEET], header_row=s.settings[HEADER_ROW]) as table:
        header = table.header
    found = [h for h in header if h.strip() and is_consent_name(normalise_header(h))]
    if len(found) != 1:  # (none, or several: which one says it is not for leadprep to guess)
        return False
    why = (
        f"column {found[0].strip()!r} looks like a record of consent to be called: rows "
        "without a yes (yes, y, true, 1, opted in, a date) are left out as no_consent; "
        "delete this line if the column means something else"
    )
    s.take(CONSENT_COLUMN, found[0].strip(), why)
    return True


def _note_what_was_found(s: Suggestion) -> None:
    """The header row and the phone column leadprep found, written down for a cron job."""
    report = s.report
    if report.header_row is not None and not s.settings.given(HEADER_ROW):
        detected = [f for f in report.warnings if f.code == HeaderRowDetected.code]
        why = detected[0].message if detected else f"the header is row {report.header_row}"
        s.take(HEADER_ROW, report.header_row, why)
    if report.phone_column and not s.settings.given(PHONE_COLUMN):
        inferred = [f for f in report.warnings if f.code == PhoneColumnInferred.code]
        why = inferred[0].message if inferred else "the phone column"
        s.take(PHONE_COLUMN, tuple(report.phone_column), why)


def _by_key(key: str) -> Option[Any]:
    """The option a refusal's fix names by its long name (``drop-columns``)."""
    return next(o for o in REGISTRY if o.key == key and o.takes("validate"))


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
    for option in REGISTRY:
        if not (option.init and s.settings.given(option)):
            continue
        lines.append("")
        note = s.notes.get(option)
        if note:
            lines.extend(f"# {line}" for line in _wrap(note))
        if option.key == "columns":
            lines.append("# Edit the list to the columns your agent prompt uses (15 at most).")
        lines.append(f"{option.key} = {_toml_value(s.settings[option])}")
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
