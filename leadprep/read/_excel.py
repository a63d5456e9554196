"""XLSX (openpyxl, read-only streaming) and XLS (xlrd) sources.

Both yield the same batches as the CSV source: the first sheet unless a name is
given, cached formula values, each cell as the text a person sees
(:func:`excel_text`), row numbers as the sheet shows them. The first non-empty
row is the header; rows and columns that are entirely empty are ignored.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .._exceptions import FileRejected
from ..findings import UnreadableFile, UnsupportedFormat
from ._batch import Batch, batch_from_arrow, build_batch
from ._calamine import open_sheet, pick_sheet, take
from ._cells import excel_column, excel_text
from ._guard import check_xlsx_container, opening
from ._header import PEEK_ROWS, find_header


class _ExcelSource:
    """Shared batching over an iterator of ``(row_number, values)``."""

    encoding: str | None = None
    delimiter: str | None = None

    def __init__(
        self,
        rows: Iterator[tuple[int, Sequence[Any]]],
        batch_rows: int,
        header_row: int | None = None,
    ) -> None:
        self._rows = rows
        self.batch_rows = batch_rows
        self.header: list[str] = []
        self.header_row = 0
        self.skipped_above: list[tuple[int, str]] = []
        peeked: list[tuple[int, Sequence[Any], list[str]]] = []
        non_empty = 0
        for number, values in self._rows:
            if header_row is not None and number + PEEK_ROWS < header_row:
                continue  # far above a named header
            texts = [excel_text(v)[0] for v in values]
            peeked.append((number, values, texts))
            non_empty += any(t.strip() for t in texts)
            if header_row is None and non_empty >= PEEK_ROWS:
                break
            if header_row is not None and number >= header_row:
                break
        choice = find_header([(number, texts) for number, _, texts in peeked], header_row)
        #: rows read while looking for the header, after it: the first data
        self._pending = [(number, values) for number, values, _ in peeked[choice.index + 1 :]]
        if peeked:
            self.header_row, _, self.header = peeked[choice.index]
            self.skipped_above = choice.skipped
        # Trailing blank header cells carry formatting only; the batcher drops them.

    def _next_block(self) -> tuple[npt.NDArray[np.int64], list[Sequence[Any]]]:
        """Up to ``batch_rows`` more rows: their sheet row numbers and cell values."""
        block = list(islice(self._rows, self.batch_rows))
        numbers = np.fromiter((number for number, _ in block), dtype=np.int64, count=len(block))
        return numbers, [values for _, values in block]

    def batches(self) -> Iterator[Batch]:
        while True:
            done, batch = self._next_batch()
            if done:
                return
            if batch is not None:
                yield batch

    def _next_batch(self) -> tuple[bool, Batch | None]:
        """``(done, batch)``: the next batch of rows (``None`` if all were empty)."""
        numbers, records = self._next_block()
        if self._pending:  # the rows read while finding the header come first
            numbers = np.concatenate(
                [np.array([n for n, _ in self._pending], dtype=np.int64), numbers]
            )
            records = [*(values for _, values in self._pending), *records]
            self._pending = []
        if not records:
            return True, None
        width = len(self.header)
        if all(len(values) == width for values in records):
            return False, _columnwise_batch(records, numbers, self.header)
        # ragged rows (openpyxl, xlrd): even them out row by row
        return False, _rowwise_batch(records, numbers, self.header)


def _columnwise_batch(
    records: list[Sequence[Any]], numbers: npt.NDArray[np.int64], header: list[str]
) -> Batch | None:
    """Rectangular rows → text columns, one column at a time.

    Calamine gives text cells as ``str`` already; only the other cells (numbers,
    dates, booleans) go through :func:`excel_text`, so a text-only column costs
    one type check a cell. Trimmed by pyarrow, exactly like the CSV reader."""
    import pyarrow.compute as pc

    from ._text import WHITESPACE

    columns = []
    lossy: dict[int, npt.NDArray[np.bool_]] = {}
    for col in range(len(header)):
        values = [row[col] for row in records]  # faster than zip(*records) here
        texts, lost = excel_column(values)
        if lost:
            lossy[col] = np.zeros(len(values), dtype=bool)
            lossy[col][lost] = True
        columns.append(pc.utf8_trim(texts, characters=WHITESPACE))
    return batch_from_arrow(columns, numbers, header, lossy=lossy)


def _rowwise_batch(
    records: list[Sequence[Any]], numbers: npt.NDArray[np.int64], header: list[str]
) -> Batch | None:
    texts: list[list[str]] = []
    lossy: list[tuple[int, int]] = []
    for r, values in enumerate(records):
        record: list[str] = []
        for col, value in enumerate(values):
            text, lost = excel_text(value)
            record.append(text)
            if lost:
                lossy.append((r, col))
        texts.append(record)
    return build_batch(texts, numbers, header, lossy_cells=lossy, check_cell_size=True)


class XlsxSource(_ExcelSource):
    """XLSX through python-calamine (Rust, cached values), guarded like the rest.

    Calamine drops leading empty columns; rows are padded back so column letters
    and positions match the sheet. :class:`OpenpyxlXlsxSource` is the reference
    the tests compare it with (``XLSX_ENGINE = "openpyxl"`` selects it).
    """

    format = "xlsx"

    def __init__(
        self, path: Path, *, sheet: str | None, batch_rows: int, header_row: int | None = None
    ) -> None:
        opened = take(path, sheet) or open_sheet(path, sheet, guard=check_xlsx_container)
        self._opened = opened
        self.sheet: str | None = opened.name
        ws = opened.sheet
        self._pad: list[str] = [""] * ws.start[1] if ws.start else []
        self._cells = ws.iter_rows()
        self._next_row = 1
        with opening(opened.close):
            super().__init__(_wrap_xlsx(self._numbered()), batch_rows, header_row)

    def _numbered(self) -> Iterator[tuple[int, list[Any]]]:
        for row in self._cells:
            self._next_row += 1
            yield self._next_row - 1, [*self._pad, *row]

    def _next_block(self) -> tuple[npt.NDArray[np.int64], list[Sequence[Any]]]:
        """Rows in bulk from calamine (no per-row generator): the batches' hot loop."""
        with _xlsx_errors():
            block: list[Sequence[Any]] = list(islice(self._cells, self.batch_rows))
        start, self._next_row = self._next_row, self._next_row + len(block)
        if self._pad:
            block = [[*self._pad, *row] for row in block]
        return np.arange(start, self._next_row, dtype=np.int64), block

    def close(self) -> None:
        self._opened.close()


class OpenpyxlXlsxSource(_ExcelSource):
    """XLSX through openpyxl's read-only streaming parser (defusedxml)."""

    format = "xlsx"

    def __init__(
        self, path: Path, *, sheet: str | None, batch_rows: int, header_row: int | None = None
    ) -> None:
        check_xlsx_container(path)
        import openpyxl

        # A handle, not the path: openpyxl judges paths by extension, we by content.
        self._fh = path.open("rb")
        with opening(self._fh.close):  # openpyxl raises a zoo: KeyError, ValueError, XML errors
            self._wb = openpyxl.load_workbook(self._fh, read_only=True, data_only=True)
            self.sheet: str | None = pick_sheet(self._wb.sheetnames, sheet)
            ws = self._wb[self.sheet or ""]
            if not hasattr(ws, "reset_dimensions"):
                raise UnsupportedFormat.reject(
                    f"sheet {self.sheet!r} is a chart, not a table",
                    hint="pass --sheet with the sheet that holds the leads",
                )
            ws.reset_dimensions()  # trust the cells, not the (often stale) <dimension>
            rows = enumerate(ws.iter_rows(values_only=True), start=1)
            super().__init__(_wrap_xlsx(rows), batch_rows, header_row)

    def close(self) -> None:
        self._wb.close()
        self._fh.close()


def _wrap_xlsx(
    rows: Iterator[tuple[int, Sequence[Any]]],
) -> Iterator[tuple[int, Sequence[Any]]]:
    with _xlsx_errors():
        yield from rows


@contextmanager
def _xlsx_errors() -> Iterator[None]:
    """A library's error while reading sheet rows → FileRejected."""
    try:
        yield
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, SyntaxError) as exc:
        raise UnreadableFile.reject(
            f"the XLSX sheet is damaged: {type(exc).__name__}: {exc}",
            hint="open and re-save it in the spreadsheet program, or export CSV",
        ) from exc
    except Exception as exc:  # defusedxml's EntitiesForbidden and friends
        raise UnreadableFile.reject(
            f"the XLSX sheet was refused: {type(exc).__name__}: {exc}",
            hint="re-export the file from the spreadsheet program",
        ) from exc


class XlsSource(_ExcelSource):
    format = "xls"

    def __init__(
        self, path: Path, *, sheet: str | None, batch_rows: int, header_row: int | None = None
    ) -> None:
        import xlrd

        try:
            # xlrd writes its warnings to stdout unless given a log of its own.
            self._book = xlrd.open_workbook(
                str(path), on_demand=True, logfile=io.StringIO(), verbosity=0
            )
        except xlrd.XLRDError as exc:
            text = str(exc)
            code = UnsupportedFormat.code if "workbook" in text.lower() else UnreadableFile.code
            raise FileRejected(
                code,
                f"cannot read the XLS workbook: {text}",
                hint="if it is password-protected, remove the password; else save as XLSX",
            ) from exc
        except Exception as exc:  # xlrd's struct/assertion errors on damaged files
            raise UnreadableFile.reject(
                f"the XLS workbook is damaged: {type(exc).__name__}: {exc}",
                hint="open and re-save it in the spreadsheet program, or export CSV",
            ) from exc
        with opening(self._book.release_resources, what="XLS workbook"):
            name = pick_sheet(self._book.sheet_names(), sheet)
            self.sheet: str | None = name
            ws = self._book.sheet_by_name(name)  # on demand: the sheet is parsed here
            super().__init__(_wrap_xls(_xls_rows(self._book, ws)), batch_rows, header_row)

    def close(self) -> None:
        self._book.release_resources()


def _wrap_xls(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    with opening(None, what="XLS workbook"):  # xlrd: IndexError, struct.error, …
        yield from rows


def _xls_rows(book: Any, ws: Any) -> Iterator[tuple[int, list[Any]]]:
    import xlrd

    for r in range(ws.nrows):
        types = ws.row_types(r)
        values = ws.row_values(r)
        out: list[Any] = []
        for kind, value in zip(types, values, strict=True):
            if kind == xlrd.XL_CELL_DATE:
                try:
                    out.append(xlrd.xldate_as_datetime(value, book.datemode))
                except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                    out.append(value)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                out.append(bool(value))
            elif kind == xlrd.XL_CELL_ERROR:
                out.append(xlrd.error_text_from_code.get(value, "#ERR"))
            else:
                out.append(value)
        yield r + 1, out
