"""CSV / TSV / delimited text, streamed in batches with spreadsheet row numbers.

Row numbers count *records* the way a spreadsheet shows the file: record 1 is
row 1, a quoted field that spans lines stays one row, a blank line is an (empty,
ignored) row of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterator
from itertools import islice
from pathlib import Path

import numpy as np

from .._exceptions import FileRejected
from ..findings import UnreadableFile
from ._batch import MAX_CELL_CHARS, Batch, batch_from_arrow, build_batch
from ._sniff import detect_delimiter, scan_text

#: Exactly the characters ``str.strip()`` removes, so both readers trim alike.
#: (Written out: scanning all of Unicode for them at import took 60 ms a run.)
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: pyarrow parses in blocks; a row longer than this falls back to the csv module.
ARROW_BLOCK = 6 << 20  # bench/run.py --scale: keeps 10M rows under 1 GB
#: Our encoding name → pyarrow's. UTF-8 (a BOM is skipped) is pyarrow's native
#: text; the single-byte ones it transcodes as it reads. UTF-16 takes the csv module.
_ARROW_ENCODINGS = {"utf-8": "utf8", "utf-8-sig": "utf8", "cp1252": "cp1252", "latin-1": "latin-1"}
#: False forces the csv module everywhere (the reference the tests compare against).
USE_ARROW = True


class CsvSource:
    """An open delimited-text file: ``header`` read, ``batches()`` to stream the rest."""

    format = "csv"
    sheet: str | None = None

    def __init__(self, path: Path, *, batch_rows: int) -> None:
        self.path = path
        self.batch_rows = batch_rows
        scan = scan_text(path)
        self.encoding: str | None = scan.encoding
        self._blank_lines = scan.blank_lines
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
            raise UnreadableFile.reject(
                f"cannot parse the CSV near row {self._next_row}: {exc}",
                hint=f"cells may be at most {MAX_CELL_CHARS:,} characters; "
                "check the quoting around that row",
            ) from exc
        except UnicodeDecodeError as exc:
            raise _decode_error(exc) from exc

    def batches(self) -> Iterator[Batch]:
        records = self._records()
        self.engine = "csv"
        if self._arrow_ok():
            self.engine = "pyarrow"
            done = yield from self._arrow_batches()
            if done:
                return
            self.engine = "pyarrow+csv"
            # pyarrow stopped at a row it could not parse: the csv module takes over
            # from the first record it did not deliver, with exact row numbers.
            for _ in islice(records, self._next_row - self.header_row - 1):
                pass
        while chunk := list(islice(records, self.batch_rows)):
            rows = np.arange(self._next_row, self._next_row + len(chunk), dtype=np.int64)
            self._next_row += len(chunk)
            batch = build_batch(chunk, rows, self.header)
            if batch is not None:
                yield batch

    def _arrow_ok(self) -> bool:
        """Can pyarrow read this file with exactly the csv module's rows?"""
        if not USE_ARROW or self.encoding not in _ARROW_ENCODINGS or self.header_row != 1:
            return False
        if any(("\n" in cell or "\r" in cell) for cell in self.header):
            return False
        return not self._blank_lines

    def _arrow_batches(self) -> Generator[Batch, None, bool]:
        """Stream with pyarrow; return False if it stopped early (the caller resumes)."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv

        width = len(self.header)
        names = [f"c{i}" for i in range(width)]
        try:
            reader = pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(
                    skip_rows=1,
                    column_names=names,
                    block_size=ARROW_BLOCK,
                    use_threads=True,
                    encoding=_ARROW_ENCODINGS[self.encoding or "utf-8"],
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.delimiter or ",",
                    newlines_in_values=True,
                    ignore_empty_lines=False,
                    invalid_row_handler=lambda row: "error",
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, OSError):
            return False
        while True:
            try:
                block = reader.read_next_batch()
            except StopIteration:
                return True
            except (pa.ArrowInvalid, OSError):
                return False
            n = block.num_rows
            rows = np.arange(self._next_row, self._next_row + n, dtype=np.int64)
            self._next_row += n
            columns = [pc.utf8_trim(block.column(i), characters=WHITESPACE) for i in range(width)]
            batch = batch_from_arrow(columns, rows, self.header)
            if batch is not None:
                yield batch

    def close(self) -> None:
        self._text.close()


def _decode_error(exc: UnicodeDecodeError) -> FileRejected:
    return UnreadableFile.reject(
        f"the text cannot be decoded as {exc.encoding}: {exc.reason}",
        hint="re-export the file as CSV UTF-8",
    )
