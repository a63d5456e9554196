"""Turn raw records into :class:`Batch` frames: the one shape every reader yields.

A batch is a block of rows as *text* (pyarrow strings, whitespace trimmed), with the
spreadsheet row number of each and, for Excel numeric cells that had already lost
digits, a mask per column. Ragged records are evened out; cells under a blank
header are dropped when empty and refused (``empty_column_name``) when not;
fully empty rows are dropped here, so no later stage ever sees them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._exceptions import FileRejected
from .._strings import byte_lengths
from .._types import BoolArray, IntArray, ObjArray
from ..findings import EmptyColumnName, UnreadableFile

#: Longest cell accepted, in characters. Excel itself stops at 32,767.
MAX_CELL_CHARS = 1_000_000


class Frame:
    """A block of cells: column position → pyarrow string array, all one length.

    What the stages need of a table — a column by position, the positions, rows
    taken by index, rows as lists for the writers — in Arrow, so no stage
    pays for pandas (nor its import)."""

    __slots__ = ("_columns", "_n")

    def __init__(self, columns: Mapping[int, Any], n: int) -> None:
        self._columns = dict(columns)
        self._n = n

    @property
    def columns(self) -> list[int]:
        return list(self._columns)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, position: int) -> Any:
        """Column ``position`` (a pyarrow string array)."""
        return self._columns[position]

    def values(self, position: int) -> ObjArray:
        """Column ``position`` as a NumPy array of ``str``."""
        out: ObjArray = self._columns[position].to_numpy(zero_copy_only=False)
        return out

    def take(self, indices: IntArray, positions: Sequence[int] | None = None) -> Frame:
        """The rows at ``indices``, in that order (only columns ``positions``, if given)."""
        import pyarrow as pa

        at = pa.array(np.asarray(indices, dtype=np.int64))
        keep = self._columns if positions is None else {p: self._columns[p] for p in positions}
        return Frame({p: c.take(at) for p, c in keep.items()}, len(indices))

    def rows(self, positions: Sequence[int]) -> list[list[str]]:
        """The cells of columns ``positions``, row by row."""
        if not positions:
            return [[] for _ in range(self._n)]
        columns = [self._columns[p].to_pylist() for p in positions]
        return [list(row) for row in zip(*columns, strict=True)]


@dataclass
class Batch:
    """Rows ``rows`` of the source, as text; columns are positions in the header."""

    frame: Frame
    rows: IntArray
    #: column position -> True where a numeric Excel cell held more than 15 digits
    lossy: dict[int, BoolArray] = field(default_factory=dict)
    #: column position -> True where the cell held bytes that are not UTF-8 (now U+FFFD)
    undecodable: dict[int, BoolArray] = field(default_factory=dict)
    #: rows (indices) holding cells past the header's last column, and those cells
    extra: tuple[IntArray, ObjArray] | None = None

    def __len__(self) -> int:
        return len(self.rows)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names column ``index``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _blank_header_error(col: int, row: int) -> FileRejected:
    return EmptyColumnName.reject(
        f"column {column_letter(col)} has no header but holds data (first at row {row})",
        hint="give the column a header, or delete the stray cells",
    )


def build_batch(
    records: Sequence[Sequence[str]],
    rows: IntArray,
    header: Sequence[str],
    *,
    lossy_cells: Sequence[tuple[int, int]] = (),
    check_cell_size: bool = False,
    extra_past: int | None = None,
) -> Batch | None:
    """Build a :class:`Batch` from ``records`` (lists of cell text) at source ``rows``.

    ``header`` is the raw header; positions whose header is blank must hold no
    data. ``extra_past``: where a CSV's header row ended (its blank cells included);
    cells past it are the row's own mistake (an unquoted comma), set aside as
    ``extra``, not columns. Returns ``None`` when every record is empty.
    """
    width = len(header)
    n = len(records)
    if n == 0:
        return None
    lengths = np.fromiter(map(len, records), dtype=np.int64, count=n)
    extra: list[tuple[int, str]] = []
    if (lengths != width).any():
        records = [
            _fit(rec, width, int(rows[i]), extra_past, extra, i) if lengths[i] != width else rec
            for i, rec in enumerate(records)
        ]
    if not width:
        return None
    columns = [
        np.array([cell.strip() for cell in cells], dtype=object)
        for cells in zip(*records, strict=True)
    ]
    batch = batch_from_columns(
        columns, rows, header, lossy_cells=lossy_cells, check_cell_size=check_cell_size
    )
    if batch is not None and extra:
        batch.extra = _kept_extra(extra, rows, batch.rows)
    return batch


def _kept_extra(
    extra: list[tuple[int, str]], read: IntArray, kept: IntArray
) -> tuple[IntArray, ObjArray] | None:
    """The extra cells of the rows the batch kept, as indices into the batch."""
    where = {int(row): i for i, row in enumerate(kept.tolist())}
    pairs = [(where[int(read[i])], cells) for i, cells in extra if int(read[i]) in where]
    if not pairs:
        return None
    at = np.array([i for i, _ in pairs], dtype=np.int64)
    return at, np.array([cells for _, cells in pairs], dtype=object)


def batch_from_columns(
    columns: Sequence[ObjArray],
    rows: IntArray,
    header: Sequence[str],
    *,
    lossy_cells: Sequence[tuple[int, int]] = (),
    check_cell_size: bool = False,
) -> Batch | None:
    """Build a :class:`Batch` from trimmed text ``columns`` (one per header position)."""
    import pyarrow as pa

    n = len(rows)
    keep = np.zeros(n, dtype=bool)
    blank = {i for i, name in enumerate(header) if not name.strip()}
    for col, values in enumerate(columns):
        filled = values != ""
        if col in blank:
            if filled.any():
                raise _blank_header_error(col, int(rows[int(np.argmax(filled))]))
            continue
        keep |= filled
        if check_cell_size:
            sizes = np.fromiter(map(len, values), dtype=np.int64, count=n)
            if n and sizes.max() > MAX_CELL_CHARS:
                at = int(rows[int(np.argmax(sizes > MAX_CELL_CHARS))])
                raise UnreadableFile.reject(
                    f"a cell in row {at} is over {MAX_CELL_CHARS:,} characters",
                    hint="lead files hold short values; check the export",
                )
    if not keep.any():
        return None
    lossy: dict[int, BoolArray] = {}
    for i, col in lossy_cells:
        mask = lossy.setdefault(col, np.zeros(n, dtype=bool))
        mask[i] = True
    everything = keep.all()
    data = {
        col: pa.array(values if everything else values[keep], pa.string())
        for col, values in enumerate(columns)
    }
    if not everything:
        rows = rows[keep]
        lossy = {c: m[keep] for c, m in lossy.items()}
    return Batch(frame=Frame(data, len(rows)), rows=np.asarray(rows, dtype=np.int64), lossy=lossy)


def _fit(
    record: Sequence[str],
    width: int,
    row: int,
    extra_past: int | None = None,
    extra: list[tuple[int, str]] | None = None,
    index: int = 0,
) -> Sequence[str]:
    """Pad a short record with blanks. A long one may carry blanks past the header;
    cells under the header row's own blank cells are a column without a name, and
    cells past the header row's end (``extra_past``) are set aside in ``extra``."""
    if len(record) < width:
        return [*record, *([""] * (width - len(record)))]
    if not any(record[width:]):  # the usual case, thousands of empty cells: at C speed
        return record[:width]
    past = len(record) if extra_past is None else max(extra_past, width)
    for offset, cell in enumerate(record[width:past]):
        if cell and cell.strip():
            raise _blank_header_error(width + offset, row)
    if extra is not None and any(c.strip() for c in record[past:]):
        extra.append((index, ",".join(c for c in record[past:])))
    return record[:width]


def batch_from_arrow(
    columns: Sequence[Any],
    rows: IntArray,
    header: Sequence[str],
    *,
    lossy: dict[int, BoolArray] | None = None,
) -> Batch | None:
    """Like :func:`batch_from_columns`, for trimmed pyarrow string arrays (kept as
    they are: no Python string per cell)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(rows)
    keep = np.zeros(n, dtype=bool)
    blank = {i for i, name in enumerate(header) if not name.strip()}
    for col, values in enumerate(columns):
        values = _chunk(values)
        sizes = byte_lengths(values)  # (from the offsets: characters are never more)
        if len(sizes) and sizes.max() > MAX_CELL_CHARS:
            chars = pc.utf8_length(values).to_numpy(zero_copy_only=False)
            if chars.max() > MAX_CELL_CHARS:
                at = int(rows[int(np.argmax(chars > MAX_CELL_CHARS))])
                raise UnreadableFile.reject(
                    f"a cell in row {at} is over {MAX_CELL_CHARS:,} characters",
                    hint="lead files hold short values; check the export",
                )
        filled = sizes > 0
        if col in blank:
            if filled.any():
                raise _blank_header_error(col, int(rows[int(np.argmax(filled))]))
            continue
        keep |= filled
    if not keep.any():
        return None
    everything = keep.all()
    mask = pa.array(keep)
    data = {
        col: _chunk(values if everything else pc.filter(values, mask))
        for col, values in enumerate(columns)
    }
    lossy = lossy or {}
    if not everything:
        rows = rows[keep]
        lossy = {c: m[keep] for c, m in lossy.items()}
    return Batch(frame=Frame(data, len(rows)), rows=rows, lossy=lossy)


def _chunk(values: Any) -> Any:
    import pyarrow as pa

    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def arrow_column(column: Any) -> Any:
    """A text column as one pyarrow string array (as it is when it already is one)."""
    import pyarrow as pa

    if isinstance(column, pa.Array):
        return column
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks()
    return pa.array(np.asarray(column, dtype=object), pa.string())
