"""Rule ``phone_country_mismatch`` (leadprep/check/rules/country_column.py): a row whose
country column names another country than the one its national number was read in is
left out — never dialled in the default region. The oracle is phonenumbers itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from regionlists import write_list

import leadprep

SIP = {"sip": True, "network_groups": []}  # every destination: only the country is judged
#: Nine Indian leads and one American, in a list too small for the region check.
ROWS = [
    *({"Name": f"Lead {i}", "Phone": f"98471 5263{i}", "Country": "India"} for i in range(9)),
    {"Name": "Eve", "Phone": "646-408-0497 x752", "Country": "US"},
]


def _e164(text: str, region: str) -> str:
    number = phonenumbers.parse(text, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_a_us_row_in_a_small_indian_list_is_left_out_not_dialled_in_india(
    tmp_path: Path,
) -> None:
    would_call = _e164("646-408-0497", "IN")
    assert phonenumbers.is_valid_number(phonenumbers.parse(would_call))  # (the danger)
    clean = tmp_path / "clean.csv"
    result = leadprep.validate(write_list(tmp_path / "leads.csv", ROWS), output=clean)
    report = result.details
    assert report.summary()["phone_country_mismatch"]["rows"] == [11]
    (finding,) = [f for f in report.errors if f.code == "phone_country_mismatch"]
    assert would_call in finding.message
    assert "'Country' column says 'US'" in finding.message
    assert "--region-column" in finding.advice
    assert would_call not in clean.read_text()
    assert report.rows_valid == 9


@pytest.mark.parametrize(
    ("phone", "country", "options", "read_in"),
    [
        ("+1 646 408 0497", "US", {}, "US"),  # a written country code is never second-guessed
        ("001 646 408 0497", "United States", {}, "IN"),  # (00 + 1: the US from India)
        ("+91 98471 52639", "US", {}, "IN"),  # a written code wins over the column
        ("0091 98471 52639", "US", {}, "IN"),
        ("98471 52639", "India", {}, "IN"),
        ("98471 52639", "IN", {}, "IN"),
        ("98471 52639", "", {}, "IN"),  # nothing said
        ("98471 52639", "N/A", {}, "IN"),  # nothing a country
        ("646-408-0497", "US", {"region_column": "Country"}, "US"),  # read in its own country
    ],
)
def test_rows_that_agree_or_say_nothing_go_out(
    tmp_path: Path, phone: str, country: str, options: dict[str, Any], read_in: str
) -> None:
    rows = [*ROWS[:9], {"Name": "Eve", "Phone": phone, "Country": country}]
    clean = tmp_path / "clean.csv"
    path = write_list(tmp_path / "leads.csv", rows)
    report = leadprep.validate(path, output=clean, telephony_config=SIP, **options).details
    assert not report.counts["phone_country_mismatch"], report.to_text()
    assert report.rows_valid == 10, report.to_text()
    assert _e164(phone, read_in) in clean.read_text()


def test_countries_that_share_a_calling_code_dial_the_same_number(tmp_path: Path) -> None:
    """A Canadian row in a US list read in the US: +1 either way, nobody else called."""
    rows = [{"Phone": f"212-736-{i:04d}", "Country": "United States"} for i in range(1000, 1009)]
    rows.append({"Phone": "416-979-1234", "Country": "Canada"})
    clean = tmp_path / "clean.csv"
    path = write_list(tmp_path / "leads.csv", rows)
    report = leadprep.validate(path, output=clean, telephony_config=SIP, default_region="US")
    assert not report.details.counts["phone_country_mismatch"], report.details.to_text()
    assert _e164("416-979-1234", "CA") in clean.read_text()


@pytest.mark.parametrize(
    ("header", "flagged"),
    [
        ("Country", True),
        ("Billing Country", True),
        ("country_code", True),
        ("Preferred Country", False),  # where the lead wants to study: not the phone's
        ("Destination Country", False),
    ],
)
def test_only_a_column_of_the_leads_own_country_counts(
    tmp_path: Path, header: str, flagged: bool
) -> None:
    rows = [{"Phone": r["Phone"], header: r["Country"]} for r in ROWS]
    report = leadprep.validate(write_list(tmp_path / "leads.csv", rows)).details
    assert bool(report.counts["phone_country_mismatch"]) is flagged, report.to_text()


def test_a_number_that_cannot_be_the_named_countrys_goes_out_as_read(tmp_path: Path) -> None:
    """The row says US, but 99471 52639 is no US number: the cell is what is wrong."""
    assert not phonenumbers.is_valid_number(phonenumbers.parse("9947152639", "US"))
    rows = [*ROWS[:9], {"Name": "Eve", "Phone": "99471 52639", "Country": "US"}]
    clean = tmp_path / "clean.csv"
    report = leadprep.validate(write_list(tmp_path / "leads.csv", rows), output=clean).details
    assert not report.counts["phone_country_mismatch"], report.to_text()
    assert _e164("99471 52639", "IN") in clean.read_text()


def test_with_the_region_given_the_rows_go_out_with_a_warning(tmp_path: Path) -> None:
    """NRIs in the US, their Country saying where they are from: the user said US."""
    rows = [{"Phone": f"(646) 408-{i:04d}", "Country": "India"} for i in range(1000, 1010)]
    clean = tmp_path / "clean.csv"
    path = write_list(tmp_path / "nri.csv", rows)
    report = leadprep.validate(path, output=clean, telephony_config=SIP, default_region="US")
    details = report.details
    assert details.rows_valid == 10, details.to_text()
    assert details.counts["phone_country_mismatch"] == 10
    assert {f.code for f in details.warnings} >= {"phone_country_mismatch"}
    assert not [f for f in details.errors if f.code == "phone_country_mismatch"]
    assert _e164("(646) 408-1000", "US") in clean.read_text()


def test_without_a_country_column_the_rule_says_nothing(tmp_path: Path) -> None:
    rows = [{"Name": r["Name"], "Phone": r["Phone"], "Notes": r["Country"]} for r in ROWS]
    report = leadprep.validate(write_list(tmp_path / "leads.csv", rows)).details
    assert not report.counts["phone_country_mismatch"]
