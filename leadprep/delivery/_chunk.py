"""Chunk stage: cut the valid rows into API-ready CSV parts.

Each part is UTF-8 CSV with the header repeated, at most ``max_bytes`` bytes
(:data:`~leadprep.dialnexa.MAX_FILE_BYTES`, stricter than 10 MiB) and at most ``max_rows`` rows.
Sizes are counted in encoded bytes, so multi-byte characters are counted as
they travel. A row too large to fit in a part even alone is set aside
(:attr:`Chunker.oversized`) rather than sent to be refused.

Each chunk keeps, per row, its source spreadsheet row, its phone and its byte
offset in the part, so a 400 that names rows can be mapped back to the source
and the part rebuilt without them from the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._types import IntArray
from ..dialnexa import MAX_FILE_BYTES, PHONE_COLUMN
from ..settings import CHUNK_ROWS


class _Lines:
    """A file-like sink: csv.writer calls ``write`` once per row."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        self.lines.append(text)
        return len(text)


def encode_rows(values: Sequence[Sequence[str]]) -> list[bytes]:
    """Each row as one CSV line (``\\n`` ended, minimal quoting), UTF-8 encoded.

    With ``\\n`` line ends the csv module does not quote a bare ``\\r`` in a cell,
    which other parsers read as a line break: such rows are written fully quoted.
    """
    sink = _Lines()
    csv.writer(sink, lineterminator="\n").writerows(values)
    lines = sink.lines
    if any("\r" in line for line in lines):
        for i, line in enumerate(lines):
            if "\r" in line:
                one = _Lines()
                csv.writer(one, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(values[i])
                lines[i] = one.lines[0]
    return [line.encode("utf-8") for line in lines]


@dataclass
class Chunk:
    """One upload part: header + rows, with where every row came from."""

    index: int
    header: bytes
    lines: list[bytes]
    rows: IntArray
    phones: list[str]

    @property
    def content(self) -> bytes:
        return self.header + b"".join(self.lines)

    @property
    def size(self) -> int:
        return len(self.header) + sum(map(len, self.lines))

    @property
    def n_rows(self) -> int:
        return len(self.lines)

    @property
    def first_row(self) -> int:
        return int(self.rows[0])

    @property
    def last_row(self) -> int:
        return int(self.rows[-1])

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def without(self, positions: set[int]) -> Chunk:
        """The same chunk minus the rows at 0-based ``positions``."""
        return self.take(i for i in range(self.n_rows) if i not in positions)

    def take(self, positions: Iterable[int]) -> Chunk:
        """The same chunk with only the rows at 0-based ``positions``, in that order."""
        keep = list(positions)
        return Chunk(
            index=self.index,
            header=self.header,
            lines=[self.lines[i] for i in keep],
            rows=self.rows[keep],
            phones=[self.phones[i] for i in keep],
        )


@dataclass
class Chunker:
    """Greedy packer: fill each part up to the byte and row caps, in source order."""

    columns: list[str]
    max_bytes: int = MAX_FILE_BYTES
    max_rows: int = CHUNK_ROWS.default
    #: (source row, bytes) of rows that cannot fit in any part
    oversized: list[tuple[int, int]] = field(default_factory=list)
    _count: int = 0
    _lines: list[bytes] = field(default_factory=list)
    _rows: list[int] = field(default_factory=list)
    _phones: list[str] = field(default_factory=list)
    _size: int = 0

    def __post_init__(self) -> None:
        self.header = encode_rows([self.columns])[0]
        if self.max_rows < 1:
            raise ValueError("max_rows must be at least 1")
        self._size = len(self.header)

    def add(self, table: Any, rows: IntArray) -> Iterator[Chunk]:
        """Take ``table`` (a pyarrow Table of the output columns) from source ``rows``;
        yield every part it fills."""
        if not len(table):
            return
        columns = [table.column(name).to_pylist() for name in self.columns]
        lines = encode_rows(list(zip(*columns, strict=True)))
        phones = table.column(PHONE_COLUMN).to_pylist()
        room = self.max_bytes - len(self.header)
        for line, row, phone in zip(lines, rows.tolist(), phones, strict=True):
            size = len(line)
            if size > room:
                self.oversized.append((row, size + len(self.header)))
                continue
            if self._lines and (
                self._size + size > self.max_bytes or len(self._lines) >= self.max_rows
            ):
                yield self._emit()
            self._lines.append(line)
            self._rows.append(row)
            self._phones.append(phone)
            self._size += size

    def finish(self) -> Iterator[Chunk]:
        if self._lines:
            yield self._emit()

    def _emit(self) -> Chunk:
        self._count += 1
        chunk = Chunk(
            index=self._count,
            header=self.header,
            lines=self._lines,
            rows=np.asarray(self._rows, dtype=np.int64),
            phones=self._phones,
        )
        self._lines, self._rows, self._phones = [], [], []
        self._size = len(self.header)
        return chunk
