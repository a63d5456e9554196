"""Rule ``missing_phone_number`` (leadprep/check/rules/missing_phone.py)."""

from __future__ import annotations

from pathlib import Path

from rulecheck import codes, write_leads

import leadprep
from leadprep.check.rules import MissingPhoneNumber


def test_a_blank_phone_is_left_out_and_nothing_else_is() -> None:
    assert codes(["9876512345", "", "   ", "98123 45670"]) == {
        3: "missing_phone_number",
        4: "missing_phone_number",
    }
    assert MissingPhoneNumber.severity == "error"


def test_the_message_names_another_phone_column_that_has_a_number(tmp_path: Path) -> None:
    rows = [{"Mobile": "", "Work Phone": "9812345670"}, {"Mobile": "9812345671", "Work Phone": ""}]
    report = leadprep.validate(write_leads(rows, tmp_path / "l.csv"), phone_column="Mobile")
    [finding] = report.details.errors
    assert finding.to_dict()["message"] == (
        "the phone number is blank; column B 'Work Phone' has '9812345670' "
        "(phone_column='Mobile,Work Phone' would use it)"
    )
