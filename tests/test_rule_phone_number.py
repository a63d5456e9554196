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


def test_each_reason_is_phonenumbers_own_in_words() -> None:
    sip = {"sip": True, "network_groups": []}
    found = findings(
        ["+999 1234 5678", "5551234567", "98115 3296412345", "+1 646 408", "98115 32964"],
        telephony_config=sip,
    )
    messages = {row: message for row, [(_, message)] in found.items()}
    assert messages[2].endswith("is not a valid phone number: unknown country code")
    assert messages[3].endswith("no such area code or mobile prefix for IN (+91)")
    assert messages[4].endswith("too long for IN (+91): 15 digits, where IN numbers have 10")
    assert messages[5].endswith("too short for US (+1): 6 digits, where US numbers have 10")
    assert 6 not in messages
