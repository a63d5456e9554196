"""Rule ``invalid_phone_number`` (leadprep/check/rules/phone_number.py)."""

from __future__ import annotations

import phonenumbers
from rulecheck import codes, findings


def test_only_what_phonenumbers_calls_valid_goes_out() -> None:
    cells = ["98765", "N/A", "+44 20 7183 8750", "98123 45670", "0 98123 45671"]
    expected = {}
    for row, cell in enumerate(cells, start=2):
        try:
            valid = phonenumbers.is_valid_number(phonenumbers.parse(cell, "IN"))
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            expected[row] = "invalid_phone_number"
    got = codes(cells, telephony_config={"sip": True, "network_groups": []})
    assert got == expected == {2: "invalid_phone_number", 3: "invalid_phone_number"}


def test_the_message_says_why_and_how_it_was_read() -> None:
    [(_, message)] = findings(["98765"])[2]
    assert message == (
        "'98765' is not a valid phone number (read with default region IN): too short for IN "
        "(+91): 5 digits, where IN numbers have 10"
    )
    [(_, two)] = findings(["98471 52633 / 98123 45678"])[2]
    assert two.endswith("it looks like two numbers in one cell: keep one per row")
