"""The XLSX guard's quick bound of a sheet's grid: never below the exact grid, and
tight enough that a lead sheet of a million rows needs no reference-by-reference scan.

The exact grid here is worked out by the test from the references it wrote."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from xlsxkit import build_xlsx, raw_sheet

from leadprep._exceptions import FileRejected
from leadprep.read import _guard
from leadprep.read._guard import (
    _LONG_ROWS,
    _SHAPES,
    _TWO_LETTERS,
    MAX_GRID_CELLS,
    _grid_bound,
    _may_be_wide_or_long,
    check_xlsx_container,
)


def column_number(letters: str) -> int:
    return sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letters)))


def sheet_xml(refs: list[tuple[str, int]]) -> bytes:
    cells = "".join(
        f'<row r="{row}"><c r="{col}{row}" t="n"><v>1</v></c></row>' for col, row in refs
    )
    return f"<worksheet><sheetData>{cells}</sheetData></worksheet>".encode()


columns = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=3)
rows = st.integers(min_value=1, max_value=99_999_999)


def _bound(refs: list[tuple[str, int]]) -> int | None:
    return _grid_bound([sheet_xml(refs)])


@given(st.lists(st.tuples(columns, rows), min_size=1, max_size=30), st.integers(0, 30))
def test_the_bound_is_never_below_the_exact_grid(refs: list[tuple[str, int]], cut: int) -> None:
    """The sheet read in one block, and in two (split between references)."""
    exact = max(column_number(c) for c, _ in refs) * max(r for _, r in refs)
    for blocks in ([refs], [refs[:cut], refs[cut:]]):
        bound = _grid_bound([sheet_xml(b) for b in blocks])
        assert bound is None or bound >= exact


def test_a_million_row_lead_sheet_is_bounded_without_an_exact_scan() -> None:
    refs = [(c, r) for r in (1, 2, 500_000, 999_999, 1_000_000, 1_000_001) for c in "ABCDE"]
    bound = _bound(refs)
    assert bound is not None
    assert bound <= MAX_GRID_CELLS


def test_a_full_size_sheet_of_columns_a_to_z_is_bounded() -> None:
    bound = _bound([("A", 1), ("Z", 1_048_576)])
    assert bound == MAX_GRID_CELLS


def test_far_cells_are_left_to_the_exact_scan() -> None:
    for ref in [("XFD", 1_048_576), ("A", 1_048_577), ("Z", 12_345_678), ("ZZ", 40_000)]:
        bound = _bound([("A", 1), ref])
        assert bound is None or bound > MAX_GRID_CELLS, ref


def test_a_reference_cut_by_the_block_end_is_not_misread() -> None:
    whole = sheet_xml([("A", 1), ("B", 1_000_001)])
    cut = whole[: whole.index(b"1000001") + 4]  # the block ends inside the row number
    assert _grid_bound([cut]) == 26 * 999_999


def test_a_wide_export_is_bounded_by_its_last_column() -> None:
    refs = [(c, r) for r in (1, 2, 49_999, 50_000) for c in ("A", "Z", "AA", "AN")]
    bound = _bound(refs)
    assert bound == 40 * 99_999  # column AN, rows of 5 digits


def test_a_stray_cell_far_right_of_a_wide_export_is_left_to_the_exact_scan() -> None:
    bound = _bound([("A", 1), ("AN", 50_000), ("ZZ", 99_999)])
    assert bound is not None
    assert bound > MAX_GRID_CELLS


def test_a_wide_block_and_a_long_block_bound_the_sheet_together() -> None:
    """Columns to AN in the first rows, then rows past 999,999 in column A: each block's
    own grid is small, the sheet's is not."""
    wide = sheet_xml([("A", 1), ("AN", 2)])
    long = sheet_xml([("A", 1_000_000)])
    assert _grid_bound([wide]) == 40 * 9_999
    assert _grid_bound([long]) == 26 * 1_000_000
    bound = _grid_bound([wide, long])
    assert bound == 40 * 1_000_000
    assert bound > MAX_GRID_CELLS


#: Pieces a sheet's bytes are made of: the start of a reference, capitals, digits, and
#: bytes no UTF-8 text holds (a block may end inside a character; a sheet may be Latin-1).
_pieces = st.sampled_from(
    [b' r="', b"A", b"Z", b"Q", b"0", b"7", b"9", b'"', b" ", b"\xe9", b"\xff"]
)


@given(st.lists(_pieces, max_size=40).map(b"".join))
@example(b' r="AB1"')  # a 2-letter column
@example(b' r="1234567"')  # a 7-digit row
@example(b' r="Q1048576"')  # a 7-digit row after a letter
@example(b' r="\xe9 r="AA')  # after a byte that is no UTF-8
@example(b' r="A123456"')  # must NOT be found: 6 digits after one letter
@example(b' r="ABC"'[:6])  # a 2-letter column cut by the block's end
def test_the_quick_search_finds_exactly_what_the_shapes_would(block: bytes) -> None:
    """The oracle: the translated shapes' substring searches the bound then makes."""
    shapes = block.translate(_SHAPES)
    expected = _TWO_LETTERS in shapes or any(shape in shapes for shape in _LONG_ROWS)
    assert _may_be_wide_or_long(block) is expected


def _long_sheet(path: Path, far: str | None) -> Path:
    """2,000 rows of three cells, and (``far``) one stray cell at the end."""
    cells = [(r, "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABC")) for r in range(1, 2001)]
    if far is not None:
        cells.append((3_000_000, f'<c r="{far}"><v>1</v></c>'))
    return build_xlsx(path, {"S": raw_sheet(cells)})


@pytest.mark.parametrize("far", ["A3000000", "XFD3000000"])
def test_a_far_cell_in_the_last_of_many_blocks_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, far: str
) -> None:
    """Blocks of 4 KiB, each read ahead on a thread while the one before is searched:
    the stray cell in the last one is still seen."""
    monkeypatch.setattr(_guard, "_SCAN_BLOCK", 4096)
    with pytest.raises(FileRejected, match="beyond a spreadsheet's last cell"):
        check_xlsx_container(_long_sheet(tmp_path / "far.xlsx", far))


def test_the_same_sheet_without_the_far_cell_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_guard, "_SCAN_BLOCK", 4096)
    check_xlsx_container(_long_sheet(tmp_path / "near.xlsx", None))
