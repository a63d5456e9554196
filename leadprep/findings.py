"""Every kind of finding leadprep reports, one class each, and the :class:`Finding` record.

A finding is *data*: a code, the spreadsheet row (``None`` for file-level
findings), the column, a message a person can act on, and the offending value.
Each code is one subclass of :class:`Kind` that holds everything about it in
one place — its severity, what it means, the message template and what to do —
as frictionless-py's error classes do (plus its code in
``schemas/validation-report.schema.json``)::

    HeaderRenamed.finding(row=1, column="city", value="City", letter="C",
                          original="City", name="city")
    raise DuplicateColumn.reject("columns B and F both become 'email'")

Severities:

* ``file``    — the file cannot be uploaded (exit 3)
* ``error``   — the row is left out (exit 1)
* ``skipped`` — the row is left out on purpose, not an error (exit unaffected)
* ``warning`` — informational, never changes the exit code

Row-level kinds are defined with their rule, in :mod:`leadprep.check.rules`; the
kinds here are the file-level ones and the warnings of reading and planning. Reports
present codes by severity, then the ones here in the order they are defined, then
the row rules' in the order they are checked.
"""

from __future__ import annotations

import functools
import json
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple

from ._exceptions import FileRejected
from ._speech import speak, speaker
from .dialnexa import FILE_CAP, MAX_CUSTOM_COLUMNS

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Severity = Literal["file", "error", "skipped", "warning"]

#: Longest value a report shows; longer cells end in ``…``.
MAX_VALUE_CHARS = 200

#: The columns leadprep's errors files put before the lead's own: recognised and
#: dropped when such a file, fixed in a spreadsheet, is given back as the input.
REPORT_COLUMNS = ("source_row", "error_code", "error_column", "error_message")

#: Every kind by code, in report order (filled as the classes below are defined).
KINDS: dict[str, type[Kind]] = {}


class Kind:
    """One kind of finding. Subclasses set the class attributes; never instantiated."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    #: what the code means, for documentation and ``--help``
    description: ClassVar[str]
    #: ``str.format`` template of the message; file-level kinds take a free ``detail``
    template: ClassVar[str] = "{detail}"
    #: what the user can do about it (a finding may say more precisely: its ``hint``)
    hint: ClassVar[str]
    #: routine news of a first run (a renamed header): one line in the text report
    #: unless ``--verbose`` (:meth:`brief`)
    routine: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            KINDS[cls.code] = cls

    @classmethod
    def message(cls, **fields: Any) -> str:
        """The template filled in with ``fields``."""
        return cls.template.format(**fields)

    @classmethod
    def messages(cls, n: int, **fields: str | Sequence[str]) -> list[str]:
        """The template filled in for ``n`` rows at once: each field's value one text for
        every row, or a text per row (what :meth:`message` gives each row)."""
        return _fill_all(cls.template, n, fields)

    @classmethod
    def brief(cls, findings: list[Finding]) -> str:
        """A routine kind's findings in one line: the first's message up to its reasons."""
        return findings[0].message.split(": ", 1)[0] if findings else ""

    @classmethod
    def finding(
        cls,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        hint: str | None = None,
        level: Severity | None = None,
        **fields: Any,
    ) -> Finding:
        """A :class:`Finding` of this kind, its message made from ``fields`` (``hint``:
        what to do, when this finding can say it better than the kind's hint; ``level``:
        its severity in this run, when not the kind's)."""
        return Finding(
            code=cls.code,
            message=cls.message(**fields),
            row=row,
            column=column,
            value=value,
            hint=hint,
            level=level,
        )


def _fill_all(template: str, n: int, fields: dict[str, str | Sequence[str]]) -> list[str]:
    """:meth:`Kind.messages`: the template's pieces joined column-wise by pyarrow —
    literal text, a field's text as it is, or its ``repr`` for ``{field!r}``. A
    template with anything else in its fields, or a value that is not text, is
    filled row by row."""
    pieces = _pieces(template)
    if pieces is not None and n:
        try:
            return _joined(pieces, n, fields)
        except (TypeError, ValueError):  # (not text, or text that is not UTF-8)
            pass
    rows = [{k: v if isinstance(v, str) else v[i] for k, v in fields.items()} for i in range(n)]
    return [template.format(**row) for row in rows]


def _joined(
    pieces: tuple[tuple[str, str | None, str | None], ...],
    n: int,
    fields: dict[str, str | Sequence[str]],
) -> list[str]:
    import pyarrow as pa
    import pyarrow.compute as pc

    parts: list[Any] = []
    for literal, name, conversion in pieces:
        if literal:
            parts.append(literal)
        if name is None:
            continue
        value = fields[name]
        if isinstance(value, str):
            parts.append(repr(value) if conversion else value)
        else:
            texts = [repr(v) for v in value] if conversion else value
            parts.append(pa.array(texts, pa.string()))
    joined = pc.binary_join_element_wise(*parts, "")
    if isinstance(joined, pa.Scalar):  # (no field differs from row to row)
        return [str(joined.as_py())] * n
    messages: list[str] = joined.to_pylist()
    return messages


@functools.cache
def _pieces(template: str) -> tuple[tuple[str, str | None, str | None], ...] | None:
    """``template`` as (literal, field name, conversion) pieces, or ``None`` when a field
    has a format spec, a conversion other than ``!r``, or no plain name."""
    pieces = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if spec or conversion not in (None, "r") or not (name is None or name.isidentifier()):
            return None
        pieces.append((literal, name, conversion))
    return tuple(pieces)


class FileKind(Kind):
    """A file-level error: raised as :class:`FileRejected`, reported with row ``None``."""

    severity: ClassVar[Severity] = "file"

    @classmethod
    def reject(
        cls, detail: str, *, hint: str | None = None, fix: dict[str, Any] | None = None
    ) -> FileRejected:
        """The exception that rejects the file (``raise Kind.reject(...) from exc``);
        ``fix``: the options that would make it pass (``leadprep init`` applies them)."""
        return FileRejected(cls.code, cls.message(detail=detail), hint=hint or cls.hint, fix=fix)


class Cell(NamedTuple):
    """What the message of a row left out is made from: its phone cell as written, what
    the deciding rule noted, and the number read from it (``""`` if none)."""

    text: str
    reason: str
    e164: str
    region: str


class Cells(NamedTuple):
    """The :class:`Cell` of several rows, field by field (sequences of one length)."""

    text: Sequence[str]
    reason: Sequence[str]
    e164: Sequence[str]
    region: Sequence[str]

    @classmethod
    def of(cls, cell: Cell) -> Cells:
        return cls(*([field] for field in cell))

    def rows(self) -> Iterator[Cell]:
        return map(Cell._make, zip(*self, strict=True))


class LeftOut(Kind):
    """A kind that leaves a row out: its message is made from the row's :class:`Cell`.

    A kind defines its message and advice for one row (:meth:`describe`,
    :meth:`advise`) or for many at once (:meth:`describe_all`, :meth:`advise_all`:
    a file may leave 100,000 rows out with one code); each pair is derived from
    whichever of the two the kind defines.
    """

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        """The message of one row left out with this code (``context``: the run's
        :class:`~leadprep.check.Context`, for kinds whose message names a setting)."""
        if _own(cls, "describe_all"):
            return cls.describe_all(Cells.of(cell), context)[0]
        return cls.message(text=cell.text, reason=cell.reason, e164=cell.e164)

    @classmethod
    def describe_all(cls, cells: Cells, context: Any) -> list[str]:
        """:meth:`describe` of each row of ``cells``."""
        if _own(cls, "describe"):
            return [cls.describe(cell, context) for cell in cells.rows()]
        return cls.messages(len(cells.text), text=cells.text, reason=cells.reason, e164=cells.e164)

    @classmethod
    def advise(cls, cell: Cell, context: Any) -> str:
        """What to do about this row (the kind's hint, unless the row says more)."""
        if _own(cls, "advise_all"):
            return cls.advise_all(Cells.of(cell), context)[0]
        return cls.hint

    @classmethod
    def advise_all(cls, cells: Cells, context: Any) -> list[str]:
        """:meth:`advise` of each row of ``cells``."""
        if _own(cls, "advise"):
            return [cls.advise(cell, context) for cell in cells.rows()]
        return [cls.hint] * len(cells.text)


def _own(kind: type[LeftOut], method: str) -> bool:
    """Does ``kind`` (or a kind between it and :class:`LeftOut`) define ``method``?"""
    return getattr(kind, method).__func__ is not getattr(LeftOut, method).__func__


class RowKind(LeftOut):
    severity: ClassVar[Severity] = "error"


class SkipKind(LeftOut):
    severity: ClassVar[Severity] = "skipped"


class WarningKind(Kind):
    severity: ClassVar[Severity] = "warning"


# -- file-level errors (exit 3) ----------------------------------------------------


class UnreadableFile(FileKind):
    code = "unreadable_file"
    description = "The file cannot be opened or parsed: missing, damaged, hostile or undecodable."
    hint = "re-export the file from the source system (CSV UTF-8 or XLSX)"


class UnbalancedQuote(FileKind):
    code = "unbalanced_quote"
    description = "A quoted field never closes, so the rest of the file would become one cell."
    hint = "close the quote (or remove it) on the row named, then export again"


class UnsupportedFormat(FileKind):
    code = "unsupported_format"
    description = "The file is not CSV/TSV text, XLSX or XLS (a PDF, an image, a chart sheet)."
    hint = "export the list as CSV, XLSX or XLS"


class EmptyFile(FileKind):
    code = "empty_file"
    description = "The file holds no bytes, or no cell with data."
    hint = "check that the export actually wrote data"


class NoDataRows(FileKind):
    code = "no_data_rows"
    description = "The file has a header row but no lead rows under it."
    hint = "the file has a header but no lead rows; check the export's filters"


class MissingPhoneNumberColumn(FileKind):
    code = "missing_phone_number_column"
    description = "No column is phone_number, and none was named as the phone column."
    hint = "rename the phone column to phone_number, or pass --phone-column NAME"


class TooManyCustomColumns(FileKind):
    code = "too_many_custom_columns"
    description = f"More than {MAX_CUSTOM_COLUMNS} columns besides phone_number."
    hint = (
        f"DialNexa accepts at most {MAX_CUSTOM_COLUMNS} columns besides phone_number; "
        "drop the columns the agent prompt does not use"
    )


class DuplicateColumn(FileKind):
    code = "duplicate_column"
    description = "Two columns have the same name once normalised."
    hint = (
        "give every column a distinct name (names are compared after "
        "normalisation; --keep-headers compares them as written)"
    )


class EmptyColumnName(FileKind):
    code = "empty_column_name"
    description = "A column has data but no header."
    hint = "give the column a header, or delete the stray cells"


class RegionMismatch(FileKind):
    code = "region_mismatch"
    description = (
        "The numbers written without a country code are another region's, by the evidence "
        "of the whole list: refused when the default region was not given, a warning when "
        "it was."
    )
    hint = (
        "if the list is from another country, pass --default-region with its code; "
        "uploading it as it is calls other people"
    )


class NoValidRows(FileKind):
    code = "no_valid_rows"
    description = "The file has data rows, and not one of them can be uploaded."
    hint = "fix the rows the report names (--errors-output writes them to a sheet), then run again"


class SuppressionListStale(FileKind):
    code = "suppression_list_stale"
    description = (
        "A do-not-call list (--suppress) is older than --suppress-max-age: numbers added to "
        "the register since would be called."
    )
    hint = "download the list again (or pass the current one), then run again"


class NoEnabledCountries(FileKind):
    code = "no_enabled_countries"
    description = "The telephony config enables no network group, so no number can be called."
    hint = "enable at least one network group in the telephony config"


# -- warnings ------------------------------------------------------------------------


class HeaderRowDetected(WarningKind):
    code = "header_row_detected"
    routine = True
    description = "Rows above the header (a title, notes) were found and skipped."
    template = "the header is row {header_row}; {skipped} above it {were} skipped ({first!r})"
    hint = "pass --header-row N to name the header row (leadprep init writes it)"


class PhoneColumnInferred(WarningKind):
    code = "phone_column_inferred"
    routine = True
    description = (
        "No column is called phone_number: the phone column was chosen by name and content."
    )
    template = "column {letter} {header!r} is the phone column: {how}{also}{fallback}"
    hint = "pass --phone-column to choose another (leadprep init writes it)"


class ReportColumnsDropped(WarningKind):
    code = "report_columns_dropped"
    description = "The input is a leadprep errors file: its report columns are not lead data."
    template = "{columns} are leadprep's report columns: dropped, never uploaded"
    hint = "nothing to do: fix the leads' own cells and upload the file as it is"


class HeaderRenamed(WarningKind):
    code = "header_renamed"
    routine = True
    description = "A header was normalised to a variable name."
    template = "column {letter} {original!r} is uploaded as {name!r}"
    hint = (
        "DialNexa column names are case-sensitive {{variables}}; "
        "--keep-headers keeps them as written"
    )

    @classmethod
    def brief(cls, findings: list[Finding]) -> str:
        names = [f.column or "" for f in findings]
        shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
        if len(names) == 1:
            return f"1 header becomes an upload name ({shown})"
        return f"{len(names):,} headers become upload names ({shown})"


class FormatMismatch(WarningKind):
    code = "format_mismatch"
    description = "The file's extension disagrees with its content."
    template = "the file is named {suffix} but holds {actual}"
    hint = "rename the file to match its real format"


class FileTooLarge(WarningKind):
    code = "file_too_large"
    description = f"The file is over DialNexa's {FILE_CAP} per upload."
    template = "{size:,} bytes is over DialNexa's " + FILE_CAP + " per file"
    hint = "nothing to do: upload splits it into parts that fit, prepare writes such parts"


class PromptVariableMissing(WarningKind):
    code = "prompt_variable_missing"
    description = "The agent prompt uses a {{variable}} that no column provides."
    template = "the prompt uses {{{{{var}}}}} but no column provides it{tip}"
    hint = "add a column with that name, or fix the placeholder"


# -- derived views -------------------------------------------------------------------

#: The order severities are reported in.
SEVERITIES: tuple[Severity, ...] = ("file", "error", "skipped", "warning")


def severity(code: str) -> Severity:
    return KINDS[code].severity


def hint(code: str) -> str:
    return KINDS[code].hint


def _json(value: Any) -> str:
    """One value of a finding as JSON (a text, a row number or null)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``code`` at spreadsheet ``row`` in ``column``.

    ``row`` and ``column`` are ``None`` for file-level findings. ``value`` is the
    cell as read (shortened to 200 characters in reports).
    """

    code: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    #: what to do about it (``None``: the kind's hint)
    hint: str | None = None
    #: its severity in this run (``None``: the kind's)
    level: Severity | None = None

    @property
    def severity(self) -> Severity:
        return self.level or severity(self.code)

    @property
    def advice(self) -> str:
        """What to do: this finding's hint, else its kind's."""
        return self.hint if self.hint is not None else hint(self.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": speak(self.message),
            "value": shown(self.value),
            "hint": speak(self.advice),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as one line of compact JSON (:func:`json_line`)."""
        return json_line(*map(_json, self.to_dict().values()))


def shown(value: str | None) -> str | None:
    """A cell as a report shows it: at most :data:`MAX_VALUE_CHARS` characters."""
    if value is not None and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "…"
    return value


def json_line(row: str, column: str, code: str, message: str, value: str, hint: str) -> str:
    """A finding's :meth:`Finding.to_dict` as one line of compact JSON, from its values
    each written as JSON already, as ``json.dumps`` with separators ``", "`` and
    ``": "`` writes it (``{"row": 3, "column": …}``): a report may hold 50,000."""
    return (
        f'{{"row": {row}, "column": {column}, "code": {code}, '
        f'"message": {message}, "value": {value}, "hint": {hint}}}'
    )


@dataclass(frozen=True)
class Messages:
    """How each entry of a :class:`RowFindings` is described, without describing it yet.

    Entry ``i``'s message is ``write(*(column[i] for column in columns))`` — or, for
    many entries at once, ``write_all(*(column[where] for column in columns))``: the
    columns line up with the findings (a ``None`` column gives ``None``), so a
    subset (:meth:`take`) keeps only its own entries' inputs, never the batch's.
    A message once written (:meth:`written`: the errors file's) is kept in ``done``,
    and a subset taken later (the report's) carries it instead of writing it again.
    """

    #: one entry's message, given its cells (``None``: :attr:`write_all` writes them)
    write: Callable[..., str] | None
    columns: tuple[Any, ...] = ()
    #: the messages written so far (``None`` where not yet), once any is
    done: list[npt.NDArray[np.object_]] = field(default_factory=list, compare=False)
    #: ``write`` for many entries at once: given the columns' slices, their messages
    write_all: Callable[..., Sequence[str] | npt.NDArray[np.object_]] | None = None

    def written(self, where: npt.NDArray[np.intp], n: int) -> list[str]:
        """The messages of entries ``where`` (of ``n``), written once and kept."""
        import numpy

        if not self.done:
            self.done.append(numpy.full(n, None, dtype=object))
        done = self.done[0]
        todo = where[[message is None for message in done[where].tolist()]]
        if len(todo):
            done[todo] = self._write(todo)
        messages: list[str] = done[where].tolist()
        return messages

    def _write(self, where: npt.NDArray[np.intp]) -> Sequence[str] | npt.NDArray[np.object_]:
        """The messages of entries ``where``, written now."""
        if self.write_all is not None:
            return self.write_all(
                *(None if column is None else column[where] for column in self.columns)
            )
        import itertools

        # One call per entry, its inputs zipped from the columns (no index lookups).
        inputs: list[Iterable[Any]] = [
            itertools.repeat(None) if column is None else column[where].tolist()
            for column in self.columns
        ]
        inputs.append(range(len(where)))  # (bounds the zip: a None column repeats)
        write = self.write
        assert write is not None  # noqa: S101 - one of the two is given
        return [write(*cells[:-1]) for cells in zip(*inputs, strict=False)]

    def take(self, where: npt.NDArray[np.intp]) -> Messages:
        """The messages of entries ``where`` only."""
        return Messages(
            self.write,
            tuple(None if column is None else column[where] for column in self.columns),
            [self.done[0][where]] if self.done else [],
            self.write_all,
        )


@dataclass(frozen=True)
class RowFindings:
    """Row-level findings of one batch, held column-wise (one entry per finding).

    A file with 100,000 bad rows would spend most of a second building Finding
    objects and messages of which the report keeps 10,000 per code; here counts
    and row numbers are taken from the arrays, and a :class:`Finding` (with its
    message, from ``describe(i)``) is made only for the entries someone keeps.
    """

    code: npt.NDArray[np.object_]
    row: npt.NDArray[np.int64]
    column: str
    value: npt.NDArray[np.object_]
    describe: Messages
    #: each entry's hint, when entries can say more than their kind's hint
    advise: Messages | None = None
    #: the entries' severity in this run, when not their kinds'
    level: Severity | None = None

    def __len__(self) -> int:
        return len(self.code)

    def take(self, where: npt.NDArray[np.intp]) -> RowFindings:
        """Entries ``where`` only (what a report keeps of a batch: not the batch)."""
        return RowFindings(
            code=self.code[where],
            row=self.row[where],
            column=self.column,
            value=self.value[where],
            describe=self.describe.take(where),
            advise=None if self.advise is None else self.advise.take(where),
            level=self.level,
        )

    def findings(self, where: npt.NDArray[np.intp]) -> list[Finding]:
        """Entries ``where``, in order, as :class:`Finding` objects (their messages and
        hints written together)."""
        n = len(self)
        messages = self.describe.written(where, n)
        hints = [None] * len(where) if self.advise is None else self.advise.written(where, n)
        column, level = self.column, self.level
        return [
            Finding(code, message, row, column, value, hint, level)
            for code, row, value, message, hint in zip(
                self.code[where].tolist(),
                self.row[where].tolist(),
                self.value[where].tolist(),
                messages,
                hints,
                strict=True,
            )
        ]

    def json_lines(self) -> list[tuple[Severity, str]]:
        """Every entry as :meth:`findings` would give it, as its severity and its
        :func:`json_line` — written column-wise, no :class:`Finding` made."""
        import numpy

        everyone = numpy.arange(len(self))
        codes = self.code.tolist()
        messages = self.describe.written(everyone, len(self))
        say = speaker()
        column, level = _json(self.column), self.level
        # Each code's severity, JSON and (unless entries say more) hint's JSON, once.
        coded = {
            code: (level or severity(code), _json(code), encode_basestring(say(hint(code))))
            for code in set(codes)
        }
        hints: Sequence[str | None] = (
            [None] * len(codes) if self.advise is None else self.advise.written(everyone, len(self))
        )
        lines = []
        for row, code, message, value, advice in zip(
            self.row.tolist(), codes, messages, self.value.tolist(), hints, strict=True
        ):
            cell = _json(shown(value))  # (a text, or None)
            kept_as, code_json, kind_hint = coded[code]
            said = encode_basestring(say(message))
            written = kind_hint if advice is None else encode_basestring(say(advice))
            lines.append((kept_as, json_line(str(row), column, code_json, said, cell, written)))
        return lines

    def lines(self, where: npt.NDArray[np.intp]) -> Lines:
        """Entries ``where``, in order, as an errors file holds them (no hint to work
        out, no object to make)."""
        return Lines(
            self.row[where], self.code[where], self.column, self.describe.written(where, len(self))
        )


@dataclass(frozen=True)
class Lines:
    """Row findings as an errors file holds them, column-wise: each one's row, code and
    message, all of one column."""

    row: npt.NDArray[np.int64]
    code: npt.NDArray[np.object_]
    column: str
    message: list[str]

    def __len__(self) -> int:
        return len(self.row)
