"""Which row is the header: the one named (``--header-row N``), or the one found.

Reports exported from CRMs often start with a title (``Leads Report - Nov
2026``), a filter line or a blank row before the real header. Every reader
peeks at its first :data:`PEEK_ROWS` non-empty rows and asks :func:`find_header`
which one holds the header; rows above it are not read as data.

The header found is the first row that is *wide* — it fills at least half as
many cells as the widest row seen (two at least) — and *looks like a header*:
no cell is a number of six digits or more, as a phone or an id would be. The
rows above it must all be narrow (titles, notes). When no row qualifies, the first non-empty
row is the header, as in a plain file. A header over blank-named data columns
(``empty_column_name``) therefore stays the header: the wide rows below it are
data, not headers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .._exceptions import UsageError

#: Non-empty rows looked at when searching for the header.
PEEK_ROWS = 30
#: A cell of six digits or more and nothing but number punctuation is data (a phone,
#: an id, an amount), not a header: ``98765 43210``, ``100000`` — not ``FY 2024-25``.
_DATA_DIGITS = re.compile(r"^\+?[\d\s().,/-]*$")


def _is_data(cell: str) -> bool:
    return sum(ch.isdigit() for ch in cell) >= 6 and bool(_DATA_DIGITS.match(cell.strip()))


@dataclass
class HeaderChoice:
    """The header's index among the peeked rows, and the non-empty rows above it."""

    index: int
    #: (row number, first non-blank cell) of each non-empty row skipped above a found header
    skipped: list[tuple[int, str]] = field(default_factory=list)
    #: the header was named by ``--header-row`` (else it was found)
    named: bool = False


def find_header(rows: Sequence[tuple[int, Sequence[str]]], header_row: int | None) -> HeaderChoice:
    """Pick the header among ``rows`` (row number, cell texts), read from the top.

    ``header_row`` names it; else it is found as the module says. ``rows`` may
    hold blank rows; the header is never one."""
    filled = [sum(1 for cell in cells if cell.strip()) for _, cells in rows]
    if header_row is not None:
        for i, (number, _) in enumerate(rows):
            if number == header_row:
                if not filled[i]:
                    raise UsageError(
                        f"--header-row {header_row} names a blank row",
                        hint="give the row that holds the column names, as the spreadsheet "
                        "numbers it",
                    )
                return HeaderChoice(i, named=True)  # the user said so: nothing to report
        raise UsageError(
            f"--header-row {header_row} is past the end of the file",
            hint="give the row that holds the column names, as the spreadsheet numbers it",
        )
    present = [i for i, n in enumerate(filled) if n]
    if not present:
        return HeaderChoice(0)
    widest = max(filled)
    wide = max(2, -(-widest // 2))
    first = present[0]
    for i in present:
        if filled[i] >= wide:
            if _looks_like_header(rows[i][1]):
                return HeaderChoice(i, _skipped(rows, filled, i))
            break  # a wide row of data: this file's header is its first row
    return HeaderChoice(first)


def _looks_like_header(cells: Sequence[str]) -> bool:
    return not any(_is_data(cell) for cell in cells)


def _skipped(
    rows: Sequence[tuple[int, Sequence[str]]], filled: list[int], index: int
) -> list[tuple[int, str]]:
    return [
        (number, next(c.strip() for c in cells if c.strip()))
        for (number, cells), n in zip(rows[:index], filled[:index], strict=True)
        if n
    ]
