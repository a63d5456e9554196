"""Rule ``phone_recovered`` (leadprep/check/rules/recovered.py)."""

from __future__ import annotations

import pytest
from rulecheck import findings

from leadprep.check.rules.recovered import digits_of


@pytest.mark.parametrize(
    ("cell", "digits"),
    [
        ("9847152630.0", "9847152630"),
        ("+919847152630.00", "+919847152630"),
        ("9.847152632E+09", "9847152632"),
        ("9.87654E+09", None),  # digits gone
        ("98765.5", None),
        ("1.2E+02", None),  # too short to be a phone
    ],
)
def test_only_cells_that_kept_every_digit_are_read_as_them(cell: str, digits: str | None) -> None:
    assert digits_of(cell) == digits


def test_the_warning_shows_the_cell_as_written_and_the_row_goes_out() -> None:
    assert findings(["9812345670.0"]) == {
        2: [("phone_recovered", "'9812345670.0' was written as a number; read as 9812345670")]
    }
