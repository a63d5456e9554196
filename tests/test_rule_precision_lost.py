"""Rule ``phone_precision_lost`` (leadprep/check/rules/precision_lost.py)."""

from __future__ import annotations

from conftest import fixture
from rulecheck import codes

import leadprep


def test_scientific_notation_without_every_digit_is_left_out() -> None:
    got = codes(["9.87654E+09", "9.812345671E+09", "9812345670.0"])
    assert got[2] == "phone_precision_lost"
    assert got[3] == got[4] == "phone_recovered"  # every digit there: read, not lost


def test_an_excel_number_of_more_than_15_digits_is_left_out() -> None:
    report = leadprep.validate(fixture("numeric.xlsx"))
    lost = [f for f in report.details.errors if f.code == "phone_precision_lost"]
    assert lost
    assert all("Excel rounded it" in f.message for f in lost)
