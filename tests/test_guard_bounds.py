"""The XLSX guard's quick bound of a sheet's grid: never below the exact grid, and
tight enough that a lead sheet of a million rows needs no reference-by-reference scan.

The exact grid here is worked out by the test from the references it wrote."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from leadprep.read._guard import MAX_GRID_CELLS, _bounds


def column_number(letters: str) -> int:
    return sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letters)))


def sheet_xml(refs: list[tuple[str, int]]) -> bytes:
    cells = "".join(
        f'<row r="{row}"><c r="{col}{row}" t="n"><v>1</v></c></row>' for col, row in refs
    )
    return f"<worksheet><sheetData>{cells}</sheetData></worksheet>".encode()


columns = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=3)
rows = st.integers(min_value=1, max_value=99_999_999)


@given(st.lists(st.tuples(columns, rows), min_size=1, max_size=30))
def test_the_bound_is_never_below_the_exact_grid(refs: list[tuple[str, int]]) -> None:
    bound = _bounds(sheet_xml(refs))
    exact = max(column_number(c) for c, _ in refs) * max(r for _, r in refs)
    assert bound is None or bound >= exact


def test_a_million_row_lead_sheet_is_bounded_without_an_exact_scan() -> None:
    refs = [(c, r) for r in (1, 2, 500_000, 999_999, 1_000_000, 1_000_001) for c in "ABCDE"]
    bound = _bounds(sheet_xml(refs))
    assert bound is not None
    assert bound <= MAX_GRID_CELLS


def test_a_full_size_sheet_of_columns_a_to_z_is_bounded() -> None:
    bound = _bounds(sheet_xml([("A", 1), ("Z", 1_048_576)]))
    assert bound == MAX_GRID_CELLS


def test_far_cells_are_left_to_the_exact_scan() -> None:
    for ref in [("XFD", 1_048_576), ("A", 1_048_577), ("Z", 12_345_678), ("ZZ", 40_000)]:
        bound = _bounds(sheet_xml([("A", 1), ref]))
        assert bound is None or bound > MAX_GRID_CELLS, ref


def test_a_reference_cut_by_the_block_end_is_not_misread() -> None:
    whole = sheet_xml([("A", 1), ("B", 1_000_001)])
    cut = whole[: whole.index(b"1000001") + 4]  # the block ends inside the row number
    assert _bounds(cut) == 26 * 999_999


def test_a_wide_export_is_bounded_by_its_last_column() -> None:
    refs = [(c, r) for r in (1, 2, 49_999, 50_000) for c in ("A", "Z", "AA", "AN")]
    bound = _bounds(sheet_xml(refs))
    assert bound == 40 * 99_999  # column AN, rows of 5 digits


def test_a_stray_cell_far_right_of_a_wide_export_is_left_to_the_exact_scan() -> None:
    bound = _bounds(sheet_xml([("A", 1), ("AN", 50_000), ("ZZ", 99_999)]))
    assert bound is not None
    assert bound > MAX_GRID_CELLS
