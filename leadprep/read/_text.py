"""CSV / TSV / delimited text, streamed in batches with spreadsheet row numbers.

Row numbers count *records* the way a spreadsheet shows the file: record 1 is
row 1, a quoted field that spans lines stays one row, a blank line is an (empty,
ignored) row of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

import numpy as np

from .._exceptions import FileRejected
from ..findings import UnbalancedQuote, UnreadableFile
from ._batch import MAX_CELL_CHARS, Batch, batch_from_arrow, build_batch
from ._header import PEEK_ROWS, find_header
from ._sniff import detect_delimiter, scan_text

#: Exactly the characters ``str.strip()`` removes, so both readers trim alike.
#: (Written out: scanning all of Unicode for them at import took 60 ms a run.)
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: The bytes of text a batch holds (bench/run.py --scale: keeps 10M rows under 1 GB)...
ARROW_BLOCK = 6 << 20
#: ... but the first batch holds this many, the next twice as many, and so on up to
#: ARROW_BLOCK: a 6 MB first block took ~0.1 s to arrive (a 1 MB one 0.02 s) while
#: every check waited for it. pyarrow parses blocks of this size (a longer row too),
#: which are joined.
FIRST_BLOCK = 1 << 20
#: Our encoding name → pyarrow's. UTF-8 (a BOM is skipped) is pyarrow's native
#: text; the single-byte ones it transcodes as it reads. UTF-16 takes the csv module.
_ARROW_ENCODINGS = {"utf-8": "utf8", "utf-8-sig": "utf8", "cp1252": "cp1252", "latin-1": "latin-1"}
#: False forces the csv module everywhere (the reference the tests compare against).
USE_ARROW = True


class CsvSource:
    """An open delimited-text file: ``header`` read, ``batches()`` to stream the rest."""

    format = "csv"
    sheet: str | None = None

    def __init__(self, path: Path, *, batch_rows: int, header_row: int | None = None) -> None:
        self.path = path
        self.batch_rows = batch_rows
        scan = scan_text(path)
        self.encoding: str | None = scan.encoding
        self._blank_lines = scan.blank_lines
        #: bytes that are not UTF-8 in a UTF-8 file: read as U+FFFD, rows flagged
        self.invalid_bytes = scan.invalid_bytes
        #: an odd number of quote characters: a quoted field may never close
        self._quotes_odd = scan.quotes % 2 == 1
        #: (row, holds a line break) of the last record read
        self._last: tuple[int, bool] = (0, False)
        self._raw = path.open("rb")
        self._text = io.TextIOWrapper(
            self._raw,
            encoding=self.encoding or "utf-8",
            errors="replace" if self.invalid_bytes else "strict",
            newline="",
        )
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
        self._cut: int | None = None
        self.header: list[str] = []
        self.header_row = 0
        self.skipped_above: list[tuple[int, str]] = []
        #: records read while looking for the header, after it: the first data
        self._pending: list[list[str]] = []
        try:
            self._find_header(header_row)
            self._cut_padding()
        except BaseException:
            self.close()
            raise

    def _find_header(self, header_row: int | None) -> None:
        """Read up to the header (named, or found among the first rows); keep the
        records read past it for :meth:`batches`."""
        peeked: list[tuple[int, list[str]]] = []
        non_empty = 0
        for record in self._records():
            if header_row is None or self._next_row + PEEK_ROWS >= header_row:
                peeked.append((self._next_row, record))  # (far above a named header: not kept)
            self._next_row += 1
            non_empty += any(cell.strip() for cell in record)
            if header_row is None and non_empty >= PEEK_ROWS:
                break
            if header_row is not None and self._next_row > header_row:
                break
        if peeked:
            choice = find_header(peeked, header_row)
            self.header_row, self.header = peeked[choice.index]
            self.skipped_above = choice.skipped
            self._pending = [record for _, record in peeked[choice.index + 1 :]]
            self._next_row = self.header_row + 1
        elif header_row is not None:
            find_header(peeked, header_row)  # raises: past the end

    def _cut_padding(self) -> None:
        # Blank header cells after the last named column (an export padded to the
        # sheet's width) are not columns: each record is cut there once its tail
        # is checked blank, instead of carrying thousands of empty columns along.
        named = max((i for i, cell in enumerate(self.header) if cell.strip()), default=-1) + 1
        self._cut = named if len(self.header) > named else None
        #: where the header row ended: cells past it are a row's own (an unquoted comma)
        self._header_width = len(self.header)
        self.header = self.header[:named]

    @property
    def bytes_read(self) -> int:
        return self._raw.tell()

    def _records(self) -> Iterator[list[str]]:
        try:
            for record in self._reader:
                cut = self._cut
                if cut is not None and len(record) > cut and not any(record[cut:]):
                    record = record[:cut]  # blank padding: dropped as soon as it is read
                yield record
        except csv.Error as exc:
            if self._quotes_odd and "field limit" in str(exc):
                raise _unclosed(self._next_row) from exc
            raise UnreadableFile.reject(
                f"cannot parse the CSV near row {self._next_row}: {exc}",
                hint=f"cells may be at most {MAX_CELL_CHARS:,} characters; "
                "check the quoting around that row",
            ) from exc
        except UnicodeDecodeError as exc:
            raise _decode_error(exc) from exc

    def batches(self) -> Iterator[Batch]:
        records = chain(self._pending, self._records())
        self._pending = []
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
            self._last = (int(rows[-1]), any(_broken(cell) for cell in chunk[-1]))
            batch = build_batch(chunk, rows, self.header, extra_past=self._header_width)
            if batch is not None:
                if self.invalid_bytes:
                    _flag_undecodable(batch)
                yield batch
        self._check_closed()

    def _check_closed(self) -> None:
        """Refuse the file if its last record is a quoted field that never closed.

        Both parsers read an unclosed quote as a field running to the end of the
        file: one cell swallowing every row after it. An odd number of quote
        characters and a last record holding line breaks point at it; a strict
        second parse confirms it (a literal ``5'11"`` elsewhere makes the count
        odd too, and a closed quoted cell may end the file)."""
        row, broken = self._last
        if self._quotes_odd and broken and self._ends_inside_quote():
            raise _unclosed(row)

    def _ends_inside_quote(self) -> bool:
        """Does the file end inside a quoted field? (A strict parse says so at the end.)"""
        with self.path.open(encoding=self.encoding or "utf-8", errors="replace", newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter or ",", strict=True)
            while True:
                try:
                    next(reader)
                except StopIteration:
                    return False
                except csv.Error as exc:
                    if "unexpected end of data" in str(exc) or "field limit" in str(exc):
                        return True
                    # another strict complaint, which the lenient parse accepted: go on

    def _arrow_ok(self) -> bool:
        """Can pyarrow read this file with exactly the csv module's rows?"""
        if not USE_ARROW or self.encoding not in _ARROW_ENCODINGS or self.header_row != 1:
            return False
        if self.invalid_bytes:  # pyarrow refuses them; the csv module replaces them
            return False
        if self._cut is not None:  # pyarrow would parse every padding column; csv cuts them
            return False
        if any(("\n" in cell or "\r" in cell) for cell in self.header):
            return False
        return not self._blank_lines

    def _arrow_batches(self) -> Generator[Batch, None, bool]:
        """Stream with pyarrow; return False if it stopped early (the caller resumes)."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        width = len(self.header)
        names = [f"c{i}" for i in range(width)]
        try:
            reader = pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(
                    skip_rows=1,
                    column_names=names,
                    block_size=min(FIRST_BLOCK, ARROW_BLOCK),
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
        blocks: list[Any] = []  # read, not yet given out
        size, target = 0, min(FIRST_BLOCK, ARROW_BLOCK)
        while True:
            try:
                block = reader.read_next_batch()
            except StopIteration:
                yield from self._arrow_batch(blocks, width)
                self._check_closed()
                return True
            except (pa.ArrowInvalid, OSError):
                yield from self._arrow_batch(blocks, width)  # the rows read so far
                return False
            blocks.append(block)
            size += block.nbytes
            if size >= target:
                yield from self._arrow_batch(blocks, width)
                blocks, size, target = [], 0, min(2 * target, ARROW_BLOCK)

    def _arrow_batch(self, blocks: list[Any], width: int) -> Iterator[Batch]:
        """pyarrow's record ``blocks``, joined, as the next batch (if they hold any rows)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        n = sum(block.num_rows for block in blocks)
        if not n:
            return
        rows = np.arange(self._next_row, self._next_row + n, dtype=np.int64)
        self._next_row += n
        raw = [
            blocks[0].column(i)
            if len(blocks) == 1
            else pa.concat_arrays([block.column(i) for block in blocks])
            for i in range(width)
        ]
        columns = [pc.utf8_trim(column, characters=WHITESPACE) for column in raw]
        # does the last record hold a line break? (asked in Arrow: no copy)
        broken = any(
            pc.match_substring_regex(column.slice(n - 1, 1), "[\r\n]")[0].as_py() for column in raw
        )
        self._last = (int(rows[-1]), broken)
        try:
            batch = batch_from_arrow(columns, rows, self.header)
        except FileRejected:
            # A cell too large to be a lead's: most often an unclosed quote that
            # swallowed the rest of the file into the block's last record.
            self._check_closed()
            raise
        if batch is not None:
            yield batch

    def close(self) -> None:
        self._text.close()


def _broken(cell: str) -> bool:
    return "\n" in cell or "\r" in cell


def _unclosed(row: int) -> FileRejected:
    return UnbalancedQuote.reject(
        f"a quoted field opened on row {row} never closes, so every line after it "
        "would be read as part of one cell",
        hint=f"close the quote on row {row} (or remove it), then export again",
    )


def _flag_undecodable(batch: Batch) -> None:
    """Mark, per column, the cells that hold U+FFFD: bytes the file could not decode."""
    import pyarrow.compute as pc

    for position in batch.frame.columns:
        mask = pc.match_substring(batch.frame[position], "\ufffd").to_numpy(zero_copy_only=False)
        if mask.any():
            batch.undecodable[int(position)] = mask


def _decode_error(exc: UnicodeDecodeError) -> FileRejected:
    return UnreadableFile.reject(
        f"the text cannot be decoded as {exc.encoding}: {exc.reason}",
        hint="re-export the file as CSV UTF-8",
    )
