"""The XLSX guard's quick bound of a sheet's grid: never below the exact grid, and
tight enough that a lead sheet of a million rows needs no reference-by-reference scan.

The exact grid here is worked out by the test from the references it wrote."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from leadprep.read._guard import MAX_GRID_CELLS, _grid_bound


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
