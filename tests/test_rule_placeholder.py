"""Rule ``suspicious_number`` (leadprep/check/rules/placeholder.py)."""

from __future__ import annotations

from rulecheck import codes


def test_runs_and_repeats_are_flagged_and_ordinary_numbers_are_not() -> None:
    cells = ["9876543210", "9999999999", "9123456789", "9812345670", "9000000000"]
    got = codes(cells)
    assert got == {
        2: "suspicious_number",
        3: "suspicious_number",
        4: "suspicious_number",
        6: "suspicious_number",
    }
