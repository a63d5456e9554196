"""CSV / TSV / delimited text, streamed in batches with spreadsheet row numbers.

Row numbers count *records* the way a spreadsheet shows the file: record 1 is
row 1, a quoted field that spans lines stays one row, a blank line is an (empty,
ignored) row of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import numpy as np

from .._exceptions import FileRejected
from ..findings import UNREADABLE_FILE
from ._batch import MAX_CELL_CHARS, Batch, build_batch
from ._sniff import detect_delimiter, detect_encoding


class CsvSource:
    """An open delimited-text file: ``header`` read, ``batches()`` to stream the rest."""

    format = "csv"
    sheet: str | None = None

    def __init__(self, path: Path, *, batch_rows: int) -> None:
        self.path = path
        self.batch_rows = batch_rows
        self.encoding: str | None = detect_encoding(path)
        self._raw = path.open("rb")
        self._text = io.TextIOWrapper(self._raw, encoding=self.encoding or "utf-8", newline="")
        try:
            sample = self._text.read(64 << 10)
        except UnicodeDecodeError as exc:
            self.close()
            raise _decode_error(exc) from exc
        self.delimiter: str | None = detect_delimiter(sample)
        self._text.seek(0)
        csv.field_size_limit(MAX_CELL_CHARS)
        self._reader = csv.reader(self._text, delimiter=self.delimiter)
        self._next_row = 1
        self.header: list[str] = []
        self.header_row = 0
        for record in self._records():
            row = self._next_row
            self._next_row += 1
            if any(cell.strip() for cell in record):
                self.header, self.header_row = record, row
                break

    @property
    def bytes_read(self) -> int:
        return self._raw.tell()

    def _records(self) -> Iterator[list[str]]:
        try:
            yield from self._reader
        except csv.Error as exc:
            raise FileRejected(
                UNREADABLE_FILE,
                f"cannot parse the CSV near row {self._next_row}: {exc}",
                hint=f"cells may be at most {MAX_CELL_CHARS:,} characters; "
                "check the quoting around that row",
            ) from exc
        except UnicodeDecodeError as exc:
            raise _decode_error(exc) from exc

    def batches(self) -> Iterator[Batch]:
        records = self._records()
        while chunk := list(islice(records, self.batch_rows)):
            rows = np.arange(self._next_row, self._next_row + len(chunk), dtype=np.int64)
            self._next_row += len(chunk)
            batch = build_batch(chunk, rows, self.header)
            if batch is not None:
                yield batch

    def close(self) -> None:
        self._text.close()


def _decode_error(exc: UnicodeDecodeError) -> FileRejected:
    return FileRejected(
        UNREADABLE_FILE,
        f"the text cannot be decoded as {exc.encoding}: {exc.reason}",
        hint="re-export the file as CSV UTF-8",
    )
