"""Telephony routes, suppression lists, prompt variables and header names (spec §3-§4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES, fixture
from hypothesis import given
from hypothesis import strategies as st

import leadprep
from leadprep import TelephonyConfig, UsageError
from leadprep.normalise import normalise_header


def codes(report: leadprep.Result[leadprep.Report]) -> dict[int | None, str]:
    return {f.row: f.code for f in (*report.details.errors, *report.skipped)}


IN_MOBILE = {"country": "IN", "name": "India Mobile", "prefixes": ["+916", "+917", "+918", "+919"]}

# routes.csv rows: 2 IN mobile, 3 IN landline, 4 US, 5 GB, 6 AE mobile, 7 CA
ROUTE_CASES: list[tuple[str, dict[str, Any], dict[int | None, str]]] = [
    (
        "india mobile only",
        {"network_groups": [IN_MOBILE]},
        {
            3: "unsupported_prefix",
            4: "unsupported_country",
            5: "unsupported_country",
            6: "unsupported_country",
            7: "unsupported_country",
        },
    ),
    (
        "empty prefixes cover the whole country",
        {
            "network_groups": [
                {"country": "IN", "prefixes": []},
                {"country": "US", "prefixes": ["+1"]},
            ]
        },
        {5: "unsupported_country", 6: "unsupported_country", 7: "unsupported_country"},
    ),
    (
        "a disabled group does not count",
        {"network_groups": [IN_MOBILE, {"country": "GB", "prefixes": [], "enabled": False}]},
        {
            3: "unsupported_prefix",
            4: "unsupported_country",
            5: "unsupported_country",
            6: "unsupported_country",
            7: "unsupported_country",
        },
    ),
    (
        "two groups of one country add their prefixes",
        {
            "network_groups": [
                IN_MOBILE,
                {"country": "IN", "name": "Mumbai", "prefixes": ["+91 22"]},
                {"country": "ae", "prefixes": ["9715"]},
            ]
        },
        {4: "unsupported_country", 5: "unsupported_country", 7: "unsupported_country"},
    ),
    ("sip skips route checks", {"sip": True, "network_groups": []}, {}),
    (
        "no enabled group rejects the file",
        {"network_groups": [{**IN_MOBILE, "enabled": False}]},
        {None: "no_enabled_countries"},
    ),
]


@pytest.mark.parametrize(
    ("label", "config", "expected"), ROUTE_CASES, ids=[c[0] for c in ROUTE_CASES]
)
def test_telephony_routes(
    label: str, config: dict[str, Any], expected: dict[int | None, str]
) -> None:
    report = leadprep.validate(fixture("routes.csv"), telephony_config=config)
    assert codes(report) == expected


def test_telephony_config_from_file_and_messages(tmp_path: Path) -> None:
    path = tmp_path / "routes.json"
    path.write_text(json.dumps({"network_groups": [IN_MOBILE]}))
    report = leadprep.validate(fixture("routes.csv"), telephony_config=path)
    by_row = {f.row: f.message for f in report.details.errors}
    assert "+916, +917, +918, +919" in by_row[3]
    assert "enabled countries: IN" in by_row[4]


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"network_groups": [{"country": "India", "prefixes": []}]}, "$.network_groups[0].country"),
        (
            {"network_groups": [{"country": "IN", "prefixes": ["abc"]}]},
            "$.network_groups[0].prefixes[0]",
        ),
        ({"network_groups": [{"country": "IN"}]}, "$.network_groups[0]"),
        ({"sip": "yes", "network_groups": []}, "$.sip"),
        ({"groups": []}, "$"),
    ],
)
def test_bad_telephony_config_is_usage_error_naming_json_path(
    config: dict[str, Any], path: str
) -> None:
    with pytest.raises(UsageError) as info:
        TelephonyConfig.from_dict(config)
    assert f"{path}:" in str(info.value)


def test_telephony_config_not_json_is_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"network_groups": [}')
    with pytest.raises(UsageError, match="line 1"):
        TelephonyConfig.load(path)


def test_sample_telephony_config_is_valid() -> None:
    config = TelephonyConfig.load(SAMPLES / "telephony-config.json")
    assert config.enabled_countries == ["AE", "IN"]


@pytest.mark.parametrize(
    ("dnc", "rows"), [("dnc.txt", {2, 3, 4, 5, 6}), ("dnc_with_header.csv", {2, 3, 4, 5})]
)
def test_suppressed_numbers_are_skipped_not_errors(dnc: str, rows: set[int]) -> None:
    # duplicates.csv: rows 2-5 are one number in four formats, row 6 another
    report = leadprep.validate(fixture("duplicates.csv"), suppress=fixture(dnc))
    assert {f.row for f in report.skipped} == rows
    assert {f.code for f in report.skipped} == {"suppressed"}
    assert report.rows_invalid == 0
    assert report.exit_code == 0


def test_plain_list_suppression_normalises_and_ignores_junk() -> None:
    from leadprep.check import load_suppression
    from leadprep.normalise import PhoneNormaliser

    dnc = load_suppression(fixture("dnc.txt"), PhoneNormaliser("IN"))
    assert dnc.keys.tolist() == [919182736459, 919847152630]
    assert "+919847152630" in dnc
    assert "+919847152631" not in dnc
    assert dnc.ignored == 1


def test_unreadable_suppression_list_is_usage_error() -> None:
    with pytest.raises(UsageError, match="suppression list"):
        leadprep.validate(fixture("pipe.csv"), suppress=fixture("image.csv"))


def test_prompt_variables_missing_and_blank() -> None:
    report = leadprep.validate(fixture("prompt_leads.csv"), prompt=fixture("prompt.txt"))
    missing = {f.column: f.message for f in report.warnings if f.code == "prompt_variable_missing"}
    # {{City}} is not a column: the header was normalised to "city" (names are case-sensitive)
    assert set(missing) == {"City", "missing_var"}
    assert "'city'" in missing["City"]
    blank = [(f.row, f.column) for f in report.warnings if f.code == "empty_variable_value"]
    assert blank == [(3, "name")]
    assert report.exit_code == 0


def test_prompt_with_keep_headers_finds_exact_names() -> None:
    report = leadprep.validate(
        fixture("prompt_leads.csv"), prompt=fixture("prompt.txt"), keep_headers=True
    )
    missing = {f.column for f in report.warnings if f.code == "prompt_variable_missing"}
    assert missing == {"city", "missing_var"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Customer Name ", "customer_name"),
        ("\ufeffPhone Number", "phone_number"),
        ("Phone\u200bNumber", "phonenumber"),
        ("Loan Amount (INR)", "loan_amount_inr"),
        ("first--name", "first_name"),
        ("E-mail.Address", "e_mail_address"),
        ("__id__", "id"),
        ("Téléphone", "téléphone"),
        ("phone_number", "phone_number"),
    ],
)
def test_header_normalisation(raw: str, expected: str) -> None:
    assert normalise_header(raw) == expected


@given(st.text(max_size=40))
def test_normalised_headers_are_variable_names(raw: str) -> None:
    name = normalise_header(raw)
    assert name == normalise_header(name)  # idempotent
    assert not name.startswith("_")
    assert not name.endswith("_")
    assert "__" not in name
    assert name == name.lower()
    assert all(ch.isalnum() or ch == "_" for ch in name)


def test_header_renames_are_warnings_and_keep_headers_turns_them_off() -> None:
    renamed = leadprep.validate(fixture("bom_utf8.csv"))
    assert [(f.value, f.column) for f in renamed.warnings if f.code == "header_renamed"] == [
        ("Phone Number", "phone_number"),
        ("Name", "name"),
    ]
    kept = leadprep.validate(fixture("no_phone.csv"), keep_headers=True, phone_column="Mobile No")
    assert kept.columns == ["phone_number", "Name"]
    assert [f.value for f in kept.warnings] == ["Mobile No"]
