"""Files written beside the report: the clean CSV and the errors sheet.

Both are streamed batch by batch into a temporary file next to the target and
moved into place only when the whole input was read (:meth:`commit`), so a
rejected or crashed run never leaves a half-written file that looks finished.

The errors file is for people to open in Excel, so any cell that a spreadsheet
would evaluate as a formula (``=…``, ``@…``, ``+cmd|…``) is neutralised with a
leading apostrophe (CSV) or stored as a plain string (XLSX). Plain numbers and
phones such as ``+91 98765-43210`` are left as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from .._paths import AtomicFile
from .._strings import first_bytes
from .._types import IntArray
from ..check import PLAIN_NUMBER
from ..dialnexa import PHONE_COLUMN
from ..findings import REPORT_COLUMNS, Lines
from ..normalise import ColumnPlan, normalise_header
from ..read import Frame
from ._xlsx import BOLD, MARKED, PLAIN, REPORT, SheetWriter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ERROR_META = list(REPORT_COLUMNS)


def neutralise(value: str) -> str:
    """Make ``value`` inert in a spreadsheet (OWASP CSV injection advice)."""
    if value and value.startswith(_FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


class CleanCsvWriter(AtomicFile):
    """Valid rows, output column names, E.164 phones: UTF-8, ``\\n`` line ends,
    every value quoted (pyarrow's writer: fast, and safe for any cell content)."""

    def __init__(self, target: str | Path, columns: Sequence[str]) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        super().__init__(target)
        self.columns = list(columns)
        self._schema = pa.schema([(name, pa.string()) for name in self.columns])
        self._writer = pacsv.CSVWriter(
            str(self.tmp), self._schema, write_options=pacsv.WriteOptions(quoting_style="needed")
        )

    def write(self, table: Any) -> None:
        """Add ``table``'s rows (a pyarrow Table with these columns, all text)."""
        if len(table):
            self._writer.write_table(table.select(self.columns).cast(self._schema))

    def commit(self) -> None:
        self._writer.close()
        super().commit()

    def discard(self) -> None:
        self._writer.close()
        super().discard()


class ErrorsWriter(AtomicFile):
    """Each bad row: its row number, code, message, and its cells as read."""

    def __init__(self, target: str | Path, plan: ColumnPlan) -> None:
        super().__init__(target)
        self.plan = plan
        self.positions = list(plan.original)
        #: output name → the header as the user wrote it (what error_column names)
        self._as_written = {plan.names[p]: plan.original[p].strip() for p in plan.names}
        self.header = ERROR_META + [plan.original[p] for p in self.positions]
        self.xlsx = self.target.suffix.lower() == ".xlsx"
        if self.xlsx:
            self._sheet = _errors_sheet(self.tmp, self.header)
            phone_at = len(ERROR_META) + self.positions.index(plan.phone_position)
            self._styles = _row_styles(len(self.header), phone_at)
        else:
            self._fh, self._csv = _errors_csv(self.tmp, self.header)
            self._fh.flush()
            stream: Any = self._fh
            self._arrow = _ArrowRows(stream.buffer, len(self.header))

    def write(self, rejected: Frame, lines: Lines) -> None:
        """The bad rows ``rejected`` (their cells as read), each with its line's row,
        code, column and message."""
        if not len(lines):
            return
        rows = lines.row
        if self.plan.origin_position is not None:
            rows = _original_rows(rows, rejected[self.plan.origin_position].to_pylist())
        import pyarrow as pa

        column = self._as_written.get(lines.column, lines.column)
        texts = [
            pa.array(lines.code, pa.string()),
            pa.array([column] * len(rows), pa.string()),
            pa.array(lines.message, pa.string()),
            *(rejected[p] for p in self.positions),
        ]
        if self.xlsx:
            self._sheet.append_columns([rows, *texts], self._styles)
        else:  # column-wise, through pyarrow's writer
            self._arrow.write(rows, texts)

    def commit(self) -> None:
        if self.xlsx:
            self._sheet.close()
        else:
            self._arrow.close()
            self._fh.close()
        super().commit()

    def discard(self) -> None:
        if self.xlsx:
            self._sheet.abandon()
        else:
            self._arrow.close()
            self._fh.close()
        super().discard()


#: A cell a spreadsheet would evaluate (:func:`neutralise`), as one RE2 pattern.
_FORMULA_CELL = r"(?s)^[=@\t\r]|^[+\-].*[^0-9 ().\-/]"


class _ArrowRows:
    """The errors CSV's rows after its header, column-wise: pyarrow's CSV writer (every
    text quoted, CRLF) on the file's byte stream; each cell neutralised as
    :func:`neutralise` does, with pyarrow's string kernels. Writing 250,000 bad rows
    took 2 s a row at a time through :mod:`csv`; this way, a tenth of it."""

    def __init__(self, stream: Any, width: int) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        self._names = [f"c{i}" for i in range(width)]
        self._schema = pa.schema(
            [(self._names[0], pa.int64()), *((n, pa.string()) for n in self._names[1:])]
        )
        self._writer = pacsv.CSVWriter(
            stream,
            self._schema,
            write_options=pacsv.WriteOptions(
                include_header=False, quoting_style="needed", eol="\r\n"
            ),
        )

    def write(self, rows: IntArray, texts: list[Any]) -> None:
        """Rows of the errors file: their numbers, and each other column's text."""
        import pyarrow as pa

        arrays = [pa.array(rows, pa.int64()), *(_inert(c.cast(pa.string())) for c in texts)]
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema))

    def close(self) -> None:
        self._writer.close()


def _original_rows(rows: IntArray, origins: list[Any]) -> IntArray:
    """A fixed errors file given back keeps naming the original file's rows: each row's
    number in its ``source_row`` cell (``origins``), where that is one."""
    rows = rows.copy()
    for i, first in enumerate(origins):
        if first is not None and str(first).strip().isdigit():
            rows[i] = int(first)
    return rows


#: The first bytes :data:`_FORMULA_CELL` may match at (``=``, ``@``, tab, CR, ``+``, ``-``).
_FORMULA_BYTES = np.frombuffer(b"=@\t\r+-", dtype=np.uint8)


def _inert(column: Any) -> Any:
    """:func:`neutralise`, column-wise (a column whose cells start with none of
    :data:`_FORMULA_BYTES`, the usual one, is left as it is without a search)."""
    import pyarrow.compute as pc

    if not np.isin(first_bytes(column), _FORMULA_BYTES).any():
        return column

    formula = pc.match_substring_regex(column, _FORMULA_CELL)
    return pc.if_else(formula, pc.binary_join_element_wise("'", column, ""), column)


#: The error_code of a row DialNexa refused (not a finding: the file itself was fine).
REFUSED_BY_API = "refused_by_api"


def add_refused_rows(
    target: str | Path,
    columns: Sequence[str],
    refused: Sequence[tuple[int, str | None, str, bytes | None]],
) -> None:
    """Add the rows DialNexa refused to the errors file at ``target``, with its reason.

    ``columns`` are the parts' columns (output names); ``refused`` holds, per row,
    its source row, phone, DialNexa's reason and the row as sent. The file keeps what
    validation wrote; a row already listed as refused is not listed again (a rerun).
    The whole file is rewritten through a temporary file beside it."""
    path = Path(target)
    xlsx = path.suffix.lower() == ".xlsx"
    rows = _read_errors(path, xlsx) if path.exists() else []
    header = rows[0] if rows else [*ERROR_META, *columns]
    body = rows[1:]
    where = _columns_as_sent(header, columns)
    phone_at = next((j for j, k in where.items() if columns[k] == PHONE_COLUMN), None)
    listed = {(str(r[0]), str(r[1])) for r in body}
    column = str(header[phone_at]) if phone_at is not None else PHONE_COLUMN
    for row, phone, reason, line in refused:
        if (str(row), REFUSED_BY_API) not in listed:
            values = _as_sent(line, phone, where, len(header), phone_at)
            body.append([row, REFUSED_BY_API, column, f"DialNexa refused it: {reason}", *values])
    with AtomicFile(path) as tmp:
        if xlsx:
            sheet = _errors_sheet(tmp, header)
            styles = _row_styles(len(header), phone_at)
            for cells in body:
                first = int(cells[0]) if str(cells[0]).isdigit() else cells[0]
                sheet.append([first, *cells[1:]], styles)
            sheet.close()
        else:
            fh, writer = _errors_csv(tmp, header)
            with fh:
                writer.writerows(_csv_row(cells) for cells in body)


def _columns_as_sent(header: Sequence[Any], columns: Sequence[str]) -> dict[int, int]:
    """Errors-file column → position among the parts' columns (output names)."""
    where = {}
    for j, name in enumerate(header[len(ERROR_META) :], start=len(ERROR_META)):
        for k, column in enumerate(columns):
            if str(name) == column or normalise_header(str(name)) == column:
                where[j] = k
    return where


def _as_sent(
    line: bytes | None,
    phone: str | None,
    where: dict[int, int],
    width: int,
    phone_at: int | None,
) -> list[str]:
    """A refused row's lead cells, from the CSV line as it was sent (or just its phone)."""
    meta = len(ERROR_META)
    sent = next(csv.reader([line.decode("utf-8")])) if line else []
    values = [
        sent[where[j]] if j in where and where[j] < len(sent) else "" for j in range(meta, width)
    ]
    if not sent and phone_at is not None:
        values[phone_at - meta] = phone or ""
    return values


def _read_errors(path: Path, xlsx: bool) -> list[list[Any]]:
    """An errors file leadprep wrote, back as rows of values (header first)."""
    if xlsx:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        try:
            rows: list[list[Any]] = workbook.get_sheet_by_index(0).to_python()
        finally:
            workbook.close()
        return [[int(v) if isinstance(v, float) and v.is_integer() else v for v in r] for r in rows]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [list(r) for r in csv.reader(fh)]


def _errors_sheet(tmp: Path, header: Sequence[Any]) -> SheetWriter:
    """An errors workbook with its header written: the report's columns first, set apart,
    then the lead's own as the file names them; widths to read by, a filter."""
    meta = len(ERROR_META)
    widths = [10.0, 26.0, 16.0, 70.0] + [min(max(len(str(h)) + 4, 12), 40) for h in header[meta:]]
    sheet = SheetWriter(tmp, "errors", widths=widths, autofilter=True)
    sheet.append(list(header), [REPORT] * meta + [BOLD] * (len(header) - meta))
    return sheet


def _row_styles(width: int, phone_at: int | None) -> list[int]:
    """Cell styles of an errors row: plain, the phone cell marked."""
    styles = [PLAIN] * width
    if phone_at is not None:
        styles[phone_at] = MARKED
    return styles


def _errors_csv(tmp: Path, header: Sequence[Any]) -> tuple[IO[str], Any]:
    """An errors CSV (UTF-8 with BOM, CRLF, as Excel reads it) with its header written."""
    fh = tmp.open("w", encoding="utf-8-sig", newline="")
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in header])
    return fh, writer


def _csv_row(cells: Sequence[Any]) -> list[Any]:
    """An errors row for CSV: the source row as a number, every other cell neutralised."""
    return [cells[0], *(neutralise(str(v)) for v in cells[1:])]
