"""Refuse hostile XLSX containers before any XML parser sees them.

An XLSX is a zip of XML parts. Two classic attacks:

* **zip bombs** — tiny archives that inflate to gigabytes. The central directory
  declares each member's size, and :mod:`zipfile` never inflates past the declared
  size, so checking the declarations bounds the work: total size, member count and
  compression ratio.
* **XML entity expansion** (billion laughs, external entities) — only possible
  through a DTD, which must come before the root element. Each XML part's
  prolog is read (at most 64 KiB inflated) and any ``<!DOCTYPE`` is refused.
  openpyxl also parses through defusedxml; this is the cheap first line.

Two more that abort native readers outright, checked before any of them runs:

* **a far cell** — calamine holds a sheet as one dense grid from its first to its
  last cell, so a single cell at ``XFD1048576`` asks for 17 billion cells (and a
  reference like ``A99999999999`` for more). :func:`_check_extent` scans each
  sheet's XML once for references that could make the grid large, works out the
  exact extent only then, and refuses grids far larger than their content or
  references beyond a spreadsheet's last row and column.
* **a lying count** — ``<sst uniqueCount="4000000000">`` makes a reader reserve
  room for four billion strings; a count the part could not possibly hold is refused.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .._exceptions import FileRejected, UsageError
from ..findings import UnreadableFile, UnsupportedFormat

MAX_MEMBERS = 10_000
MAX_TOTAL_UNCOMPRESSED = 4 << 30  # 4 GiB: far beyond any 1,048,576-row sheet of leads
MAX_RATIO = 200  # real sheets compress 5-30x; bombs 1000x and more
RATIO_FLOOR = 16 << 20  # small members may compress as they like
PROLOG_BYTES = 64 << 10
#: A spreadsheet's last row and column (XFD).
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
#: Cells of a sheet's grid allowed beyond those it holds: a full-size lead sheet
#: (1,048,576 rows × columns A–Z) fits; a stray far cell does not.
MAX_GRID_CELLS = MAX_SHEET_ROWS * 26
#: A reference's shape: every digit a ``0`` and every capital an ``A`` (``bytes.translate``
#: runs at memory speed; shapes are then found with ``in`` and ``find``, not a regular
#: expression at each of a sheet's millions of references).
_SHAPES = bytes.maketrans(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0" * 10 + b"A" * 26)
#: (Any attribute: a crafted cell may put ``r`` after ``s``.)
_TWO_LETTERS = b' r="AA'
#: Rows of 7 digits or more (1,000,000 and on), after no column letter or one
_LONG_ROWS = (b' r="0000000', b' r="A0000000')
#: Rows of 6 and of 5 digits or more, after 0, 1 or 2 letters
_SIX_DIGITS = (b' r="000000', b' r="A000000', b' r="AA000000')
_FIVE_DIGITS = (b' r="00000', b' r="A00000', b' r="AA00000')
#: A 2-letter column's letters (read only in a sheet that has one)
_TWO_LETTER_COLUMNS = re.compile(rb' r="([A-Z]{2})[0-9]')
_REF = re.compile(rb' r="([A-Z]*)([0-9]+)"')
_SCAN_BLOCK = 8 << 20
_OVERLAP = 64  # longer than any reference, so none is split unseen
_UNIQUE_COUNT = re.compile(rb'uniqueCount="([0-9]+)"')

_BOMB_HINT = "the file looks like a zip bomb; re-export it from the spreadsheet program"


#: Above this much sheet XML, calamine's whole-sheet grid would take the process
#: past ~750 MB (measured: ~150 MB + 1.5 × the XML; a 1,048,575 × 5 sheet, 295 MB of
#: XML, peaked at 599 MB in 14 s): larger sheets are streamed with openpyxl instead
#: (the same sheet: 396 MB, 76 s), so a full-size 16-column sheet stays under 1 GB.
CALAMINE_MAX_SHEET_XML = 400 << 20


def largest_sheet_xml(path: Path) -> int:
    """The largest worksheet's XML size, as the zip's directory declares it (no inflating)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return max(
                (
                    i.file_size
                    for i in zf.infolist()
                    if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
                ),
                default=0,
            )
    except Exception:  # advice only: the guard reports what is wrong when the file is read
        return 0


def streams_best(path: Path) -> bool:
    """Should this workbook be streamed (openpyxl) rather than loaded whole (calamine)?"""
    return largest_sheet_xml(path) > CALAMINE_MAX_SHEET_XML


def check_xlsx_container(path: Path) -> None:
    """Raise :class:`FileRejected` if the zip at ``path`` is not a safe XLSX."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UnreadableFile.reject(
                    f"the archive has {len(infos):,} members", hint=_BOMB_HINT
                )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                what = "a Word document" if "word/document.xml" in names else "a zip archive"
                raise UnsupportedFormat.reject(
                    f"the file is {what}, not an XLSX workbook",
                    hint="export the lead list as CSV, XLSX or XLS",
                )
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                    raise UnreadableFile.reject(
                        f"{info.filename} inflates {ratio:,.0f}:1 (to {info.file_size:,} bytes)",
                        hint=_BOMB_HINT,
                    )
            if total > MAX_TOTAL_UNCOMPRESSED:
                raise UnreadableFile.reject(
                    f"the workbook inflates to {total:,} bytes",
                    hint=_BOMB_HINT,
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_prolog(zf, info)
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    _check_extent(zf, info)
                elif info.filename == "xl/sharedStrings.xml":
                    _check_string_count(zf, info)
    except FileRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,  # a member cut short
        zlib.error,  # a damaged deflate stream
    ) as exc:
        raise UnreadableFile.reject(
            f"the XLSX archive is damaged: {exc}",
            hint="open and re-save it in the spreadsheet program, or export CSV",
        ) from exc


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with zf.open(info) as fh:
        head = fh.read(PROLOG_BYTES)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise UnreadableFile.reject(
            f"{info.filename} declares XML entities (a DTD), which spreadsheets never do",
            hint="the file may be crafted to exhaust memory; re-export it",
        )
    if len(head) == PROLOG_BYTES and _root_start(head) < 0:
        raise UnreadableFile.reject(
            f"{info.filename} has no XML root element in its first {PROLOG_BYTES:,} bytes",
            hint="re-export the file from the spreadsheet program",
        )


def _blocks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in blocks that overlap by a little, read as they inflate: the
    next block inflates on a thread of its own while this one is searched (zlib's
    inflate and CRC, and pyarrow's search, run without the lock)."""
    tail = b""
    with zf.open(info) as fh, ThreadPoolExecutor(1, thread_name_prefix="inflate") as ahead:
        following = ahead.submit(fh.read, _SCAN_BLOCK)
        while block := following.result():
            following = ahead.submit(fh.read, _SCAN_BLOCK)
            yield tail + block
            tail = block[-_OVERLAP:]


def _grid_bound(blocks: Iterable[bytes]) -> int | None:
    """An upper bound of the grid a sheet's references span (its blocks' highest
    column times their highest row), or ``None`` where only reading every reference
    can tell (3-letter columns)."""
    columns = rows = 0
    for block in blocks:
        bound = _bounds(block)
        if bound is None:
            return None
        columns, rows = max(columns, bound[0]), max(rows, bound[1])
    return columns * rows


def _bounds(block: bytes) -> tuple[int, int] | None:
    """Upper bounds of the last column and the last row ``block`` refers to.

    One ``translate`` and three substring searches for a lead sheet: without a
    2-letter column, references stay in A–Z, and the rows are bounded by the highest
    7-digit row written (exact, read where one is), else 999,999. With one (a wide
    export), the highest 2-letter column is read (one regular expression) and the
    rows are bounded by the longest row number written. ``None``: a 3-letter column."""
    if not _may_be_wide_or_long(block):
        return 26, 999_999
    shapes = block.translate(_SHAPES)
    if _TWO_LETTERS not in shapes:
        rows = [_highest_row(block, shapes, shape) for shape in _LONG_ROWS]
        return 26, max(999_999, *rows)
    if b' r="AAA' in shapes:
        return None
    columns = max(map(_column_number, set(_TWO_LETTER_COLUMNS.findall(block))), default=702)
    return columns, _row_bound(block, shapes)


#: A reference :func:`_bounds` must read: a column of two letters or more, or a row of
#: seven digits or more (``_TWO_LETTERS`` and ``_LONG_ROWS``, as one RE2 pattern).
_WIDE_OR_LONG = r' r="(?:[A-Z]{2}|[A-Z]?[0-9]{7})'


def _may_be_wide_or_long(block: bytes) -> bool:
    """Does ``block`` hold a reference :data:`_WIDE_OR_LONG`? Most blocks of a lead sheet
    hold none: RE2 (pyarrow's, on the block's bytes as they are, without the lock) tells
    in a third of the time the three substring searches of ``translate``'s shapes take
    (their first bytes, `` r="``, begin every cell)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = pa.array([0, len(block)], pa.int64()).buffers()[1]
    one = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(block)])
    found: bool = pc.match_substring_regex(one, _WIDE_OR_LONG)[0].as_py()
    return found


def _row_bound(block: bytes, shapes: bytes) -> int:
    """The highest row of ``block`` if it has one of 7 digits or more, else the highest
    its row numbers' lengths allow."""
    rows = [_highest_row(block, shapes, shape) for shape in (*_LONG_ROWS, b' r="AA0000000')]
    if any(rows):
        return max(rows)
    if any(shape in shapes for shape in _SIX_DIGITS):
        return 999_999
    return 99_999 if any(shape in shapes for shape in _FIVE_DIGITS) else 9_999


def _highest_row(block: bytes, shapes: bytes, shape: bytes) -> int:
    """The highest row among references of ``shape`` (7 digits or more), or 0. (One cut
    by the block's end is read whole from the next block; what is no reference at
    all, the exact scan would not count either.)"""
    highest = 0
    at = shapes.find(shape)
    while at >= 0:
        if ref := _REF.match(block, at):
            highest = max(highest, int(ref.group(2)))
        at = shapes.find(shape, at + 1)
    return highest


def _check_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a sheet whose cells span a grid far larger than what it holds."""
    # A bound first (~0.5 s on a 1M-row sheet's 295 MB of XML, inflating included); the
    # exact scan below, a Python loop over every reference (~5 s there), only when it
    # is too loose.
    grid = _grid_bound(_blocks(zf, info))
    if grid is not None and grid <= MAX_GRID_CELLS:
        return  # A–Z of a whole sheet at most: large, never absurd
    first_row, last_row, last_col, cells = MAX_SHEET_ROWS * 1000, 0, 0, 0
    for block in _blocks(zf, info):
        cells += block.count(b"<c ")
        for letters, digits in _REF.findall(block):
            row = int(digits)
            first_row, last_row = min(first_row, row), max(last_row, row)
            if letters:
                last_col = max(last_col, _column_number(letters))
    where = info.filename.rsplit("/", 1)[-1]
    if last_row > MAX_SHEET_ROWS or last_col > MAX_SHEET_COLUMNS:
        raise UnreadableFile.reject(
            f"{where} refers to row {last_row:,}, column {last_col:,}: beyond a "
            f"spreadsheet's last cell (row {MAX_SHEET_ROWS:,}, column {MAX_SHEET_COLUMNS:,})",
            hint="the file is damaged or crafted; re-export it from the spreadsheet program",
        )
    grid = (last_row - min(first_row, last_row) + 1) * max(last_col, 1)
    if grid > max(MAX_GRID_CELLS, 4 * cells):
        raise UnreadableFile.reject(
            f"{where} spreads {cells:,} cells over {grid:,} (up to row {last_row:,}, "
            f"column {last_col:,}): a stray cell far from the data",
            hint="delete the far-away cells (or the empty rows and columns up to them) "
            "and save again, or export the sheet as CSV",
        )


def _column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16,384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_string_count(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a shared-string table that declares more strings than it can hold."""
    with zf.open(info) as fh:
        head = fh.read(PROLOG_BYTES)
    declared = _UNIQUE_COUNT.search(head)
    # Each string takes at least "<si/>" (5 bytes) of the part.
    if declared is not None and int(declared.group(1)) > info.file_size // 5 + 1:
        raise UnreadableFile.reject(
            f"the shared-string table declares {int(declared.group(1)):,} strings in "
            f"{info.file_size:,} bytes",
            hint="the file is damaged or crafted; re-export it from the spreadsheet program",
        )


def _root_start(head: bytes) -> int:
    """Offset of the first element tag (``<`` then a name character), or -1."""
    pos = 0
    while True:
        pos = head.find(b"<", pos)
        if pos < 0 or pos + 1 >= len(head):
            return -1
        nxt = head[pos + 1 : pos + 2]
        if nxt.isalpha() or nxt == b"_":
            return pos
        pos += 1


@contextmanager
def opening(release: Callable[[], object] | None, *, what: str = "XLSX workbook") -> Iterator[None]:
    """Reading a workbook: on failure call ``release`` (a file's or workbook's close;
    ``None``: nothing to release), and turn a library's error (a zoo of them) into
    FileRejected."""
    try:
        yield
    except (FileRejected, UsageError):
        if release is not None:
            release()
        raise
    except Exception as exc:
        if release is not None:
            release()
        raise UnreadableFile.reject(
            f"cannot read the {what}: {type(exc).__name__}: {exc}",
            hint="open and re-save it in the spreadsheet program, or export CSV",
        ) from exc
