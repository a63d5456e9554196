"""Open a lead file whatever it is: the :class:`Table` every reader stands behind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ._arrow import ArrowTableSource, DataFrameSource, ParquetSource, describe, is_data
from ._batch import Batch
from ._excel import OpenpyxlXlsxSource, XlsSource, XlsxSource
from ._guard import streams_best
from ._sniff import Format, Sniffed, sniff_format
from ._text import CsvSource

DEFAULT_BATCH_ROWS = 50_000
#: "calamine" (fast) or "openpyxl" (the streaming reference the tests compare with)
XLSX_ENGINE = "calamine"


class Source(Protocol):
    format: str
    header: list[str]
    header_row: int
    #: (row, first cell) of non-empty rows above the header, skipped (titles, notes)
    skipped_above: list[tuple[int, str]]
    encoding: str | None
    delimiter: str | None
    sheet: str | None

    def batches(self) -> Iterator[Batch]: ...

    def close(self) -> None: ...


@dataclass
class Table:
    """An opened lead file: what it is, its header, and its rows as batches."""

    path: Path
    sniffed: Sniffed
    source: Source

    @property
    def format(self) -> Format:
        return self.sniffed.format

    @property
    def extension_format(self) -> Format | None:
        return self.sniffed.extension_format

    @property
    def size(self) -> int:
        return self.sniffed.size

    @property
    def header(self) -> list[str]:
        return self.source.header

    @property
    def header_row(self) -> int:
        return self.source.header_row

    @property
    def skipped_above(self) -> list[tuple[int, str]]:
        return self.source.skipped_above

    def batches(self) -> Iterator[Batch]:
        return self.source.batches()

    def bytes_read(self) -> int | None:
        """Bytes consumed so far, for progress (text files only)."""
        return getattr(self.source, "bytes_read", None)


@contextmanager
def open_table(
    path: str | Path | Any,
    *,
    sheet: str | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    header_row: int | None = None,
) -> Iterator[Table]:
    """Open ``path`` (or a DataFrame / pyarrow Table) for streaming; raise
    :class:`FileRejected` if it cannot be read.

    ``header_row`` names the spreadsheet row holding the header; without it, title
    rows above the header are found and skipped (:mod:`._header`)."""
    source: Source
    if is_data(path):
        kind = DataFrameSource if type(path).__name__ == "DataFrame" else ArrowTableSource
        source = kind(path, batch_rows=batch_rows, header_row=header_row)
        yield Table(Path(describe(path)), Sniffed(source.format, None, 0), source)  # type: ignore[arg-type]  # its format is one of Format's
        return
    path = Path(path)
    sniffed = sniff_format(path)
    if sniffed.format == "xlsx":
        # calamine is ~6× faster; a sheet too large for its in-memory grid streams.
        calamine = XLSX_ENGINE == "calamine" and not streams_best(path)
        engine = XlsxSource if calamine else OpenpyxlXlsxSource
        source = engine(path, sheet=sheet, batch_rows=batch_rows, header_row=header_row)
    elif sniffed.format == "xls":
        source = XlsSource(path, sheet=sheet, batch_rows=batch_rows, header_row=header_row)
    elif sniffed.format == "parquet":
        source = ParquetSource(path, batch_rows=batch_rows, header_row=header_row)
    else:
        source = CsvSource(path, batch_rows=batch_rows, header_row=header_row)
    try:
        yield Table(path=path, sniffed=sniffed, source=source)
    finally:
        source.close()
