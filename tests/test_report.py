"""Reports (spec §6): schema-valid JSON for every outcome, text grouped by code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import SAMPLES, fixture
from openpyxl import load_workbook

import leadprep
from leadprep._resources import load_schema
from leadprep.report import row_ranges
from leadprep.write import neutralise

VALIDATOR = jsonschema.Draft202012Validator(load_schema("validation-report"))


@pytest.mark.parametrize("name", ["leads_messy.csv", "leads_clean.csv", "leads.xlsx", "leads.xls"])
def test_sample_reports_match_the_schema(name: str) -> None:
    report = leadprep.validate(
        SAMPLES / name,
        telephony_config=SAMPLES / "telephony-config.json",
        prompt=SAMPLES / "agent-prompt.txt",
        suppress=SAMPLES / "do-not-call.txt",
        phone_column="Mobile No" if name == "leads.xlsx" else None,
    )
    VALIDATOR.validate(report.to_dict())


@pytest.mark.parametrize("name", ["empty.csv", "custom_16.csv", "nul.csv", "blank_header_data.csv"])
def test_rejected_file_report_holds_its_file_level_error(name: str) -> None:
    data = leadprep.validate(fixture(name)).to_dict()
    VALIDATOR.validate(data)
    assert data["status"] == "rejected"
    assert data["exit_code"] == 3
    assert data["rows_total"] == 0
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(None, None)]


def test_schema_is_not_a_rubber_stamp() -> None:
    data = leadprep.validate(fixture("duplicates.csv")).to_dict()
    data["errors"][0]["code"] = "made_up_code"
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)


def test_summary_counts_and_rows_per_code() -> None:
    summary = leadprep.validate(fixture("duplicates.csv")).summary()
    assert summary["duplicate_phone_number"] == {
        "severity": "error",
        "count": 3,
        "rows": [3, 4, 5],
    }


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        ([3, 7, 18, 19, 20, 21], "3, 7, 18-21"),
        ([5], "5"),
        ([2, 3], "2-3"),
        ([9, 2, 3, 3], "2-3, 9"),
        (list(range(2, 60, 2)), "2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, … (17 more ranges)"),
    ],
)
def test_row_ranges(rows: list[int], text: str) -> None:
    assert row_ranges(rows) == text


def test_text_report_groups_by_code_with_ranges_and_advice() -> None:
    text = leadprep.validate(
        SAMPLES / "leads_messy.csv", telephony_config=SAMPLES / "telephony-config.json"
    ).to_text()
    assert "invalid_phone_number: 2 rows — 10, 29" in text
    assert "duplicate_phone_number: 3 rows — 33, 36, 53" in text
    assert "→ " in text
    assert "Result: " in text


def test_clean_output_has_e164_normalised_headers_and_only_valid_rows(tmp_path: Path) -> None:
    out = tmp_path / "clean.csv"
    report = leadprep.validate(SAMPLES / "leads_messy.csv", output=out)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines(keepends=True)))
    assert len(rows) == report.rows_valid
    assert list(rows[0]) == [
        "customer_name",
        "phone_number",
        "city",
        "loan_amount",
        "product",
        "notes",
    ]
    assert all(r["phone_number"].startswith("+") and r["phone_number"][1:].isdigit() for r in rows)
    assert len({r["phone_number"] for r in rows}) == len(rows)
    assert report.outputs["clean"] == str(out)


def test_outputs_are_not_left_behind_for_a_rejected_file(tmp_path: Path) -> None:
    out, err = tmp_path / "clean.csv", tmp_path / "errors.csv"
    leadprep.validate(fixture("blank_header_data.csv"), output=out, errors_output=err)
    assert list(tmp_path.iterdir()) == []


def test_a_file_with_no_valid_row_writes_its_errors_and_no_clean_file(tmp_path: Path) -> None:
    out, err = tmp_path / "clean.csv", tmp_path / "errors.csv"
    (tmp_path / "l.csv").write_text("phone_number,name\n12,a\n+44 12,b\n")
    report = leadprep.validate(tmp_path / "l.csv", output=out, errors_output=err)
    assert (report.exit_code, [f.code for f in report.file_errors]) == (3, ["no_valid_rows"])
    assert [f.row for f in report.details.errors if f.row] == [2, 3]  # the rows to fix stay named
    assert sorted(p.name for p in tmp_path.iterdir()) == ["errors.csv", "l.csv"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("+91 98471-52630", "+91 98471-52630"),
        ("-5", "-5"),
        ("Priya", "Priya"),
        ("", ""),
    ],
)
def test_formula_neutralisation(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_errors_csv_lists_bad_rows_with_original_values_neutralised(tmp_path: Path) -> None:
    err = tmp_path / "errors.csv"
    leadprep.validate(SAMPLES / "leads_messy.csv", errors_output=err)
    rows = list(csv.DictReader(err.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    by_row = {int(r["source_row"]): r for r in rows}
    assert by_row[14]["error_code"] == "phone_precision_lost"
    assert by_row[14]["Phone Number"] == "9.87654E+09"
    assert by_row[10]["error_message"].startswith("'98765' is not a valid phone number")
    assert all(not v.startswith("=") for r in rows for v in r.values())


def test_errors_xlsx_highlights_the_bad_cell_and_never_writes_formulas(tmp_path: Path) -> None:
    src = tmp_path / "leads.csv"
    src.write_text('phone_number,name\n=1+2,"=HYPERLINK(""http://x"")"\n9847152630,ok\n')
    err = tmp_path / "errors.xlsx"
    leadprep.validate(src, errors_output=err)
    ws = load_workbook(err).active
    header = [c.value for c in ws[1]]
    assert header == [
        "source_row",
        "error_code",
        "error_column",
        "error_message",
        "phone_number",
        "name",
    ]
    row = list(ws[2])
    assert [c.value for c in row[:2]] == [2, "invalid_phone_number"]
    assert row[4].value == "=1+2"
    assert row[4].data_type == "s"
    assert row[5].data_type == "s"
    assert row[4].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.max_row == 2


def test_report_json_round_trips() -> None:
    report = leadprep.validate(fixture("duplicates.csv"))
    assert json.loads(report.to_json()) == report.to_dict()


def test_detail_is_capped_per_code_but_the_summary_stays_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Millions of bad rows must not fill memory: the summary counts them all."""
    monkeypatch.setattr("leadprep.report._validation.DETAIL_PER_CODE", 5)
    path = tmp_path / "many.csv"
    path.write_text("phone_number\n" + "12\n" * 40 + "9847152630\n")
    errors = tmp_path / "errors.csv"
    data = leadprep.validate(path, errors_output=errors).to_dict()
    VALIDATOR.validate(data)
    assert len(data["errors"]) == 5
    assert data["summary"]["invalid_phone_number"]["count"] == 40
    assert data["summary"]["invalid_phone_number"]["rows"] == list(range(2, 42))
    assert data["findings_omitted"] == {"invalid_phone_number": 35}
    assert data["rows_invalid"] == 40
    assert len(errors.read_text(encoding="utf-8-sig").splitlines()) == 41  # every bad row
    text = leadprep.validate(path).to_text()
    assert "invalid_phone_number: 40 rows — 2-41" in text
    assert "… and 37 more" in text


def test_row_findings_become_objects_only_when_read_and_keep_their_order(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("Phone Number,Name\n12\n9812345670,A\n\n34,B\n9812345670,C\n")
    report = leadprep.validate(path).details
    assert (report.exit_code, report.verdict()[:16]) == (1, "Result: 3 rows t")
    assert object.__getattribute__(report, "_held")  # counted, not yet built
    assert report.counts["invalid_phone_number"] == 2
    assert [(f.code, f.row) for f in report.errors] == [
        ("invalid_phone_number", 2),
        ("invalid_phone_number", 5),
        ("duplicate_phone_number", 6),
    ]
    assert not object.__getattribute__(report, "_held")
    assert [f.code for f in report.warnings] == ["header_renamed"] * 2  # both columns


def test_errors_xlsx_keeps_awkward_text_readable_and_the_header_frozen(tmp_path: Path) -> None:
    src = tmp_path / "leads.csv"
    awkward = 'a<b>&"c"\x01 ünï'
    src.write_text(
        f'phone_number,note,long\n12,"{awkward.replace(chr(34), 2 * chr(34))}",{"y" * 40_000}\n'
    )
    err = tmp_path / "errors.xlsx"
    leadprep.validate(src, errors_output=err)
    ws = load_workbook(err).active
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b
    assert ws["F2"].value == awkward.replace("\x01", "")  # no character XML cannot hold
    assert len(ws["G2"].value) == 32_767  # Excel's limit per cell
    assert ws["A2"].data_type == "n"


def test_a_report_keeps_the_findings_it_shows_but_lets_each_batch_go() -> None:
    """A rare code keeps room for details all run long; holding whole batches for it
    grew memory by the batch (~8 MB each on the realistic bench list)."""
    import gc
    import weakref

    import numpy as np

    from leadprep.findings import Messages, RowFindings
    from leadprep.report import Report

    def message(text: str, reason: str) -> str:
        return f"{text!r}: {reason}"

    report = Report(file="leads.csv", default_region="IN")
    batches = []
    for b in range(3):
        n = 30_000
        codes = np.full(n, "invalid_phone_number", dtype=object)
        codes[7] = "formula_like_value"  # the rare code: one a batch
        texts = np.array([f"text {b}-{i}" for i in range(n)], dtype=object)
        reasons = np.array([f"reason {b}-{i}" for i in range(n)], dtype=object)
        block = RowFindings(
            code=codes,
            row=np.arange(n, dtype=np.int64) + 2 + b * n,
            column="phone_number",
            value=texts,
            describe=Messages(message, (texts, reasons)),
        )
        batches.append(weakref.ref(texts))
        report.add_rows(block)
        del block, codes, texts, reasons
    gc.collect()
    assert [alive() for alive in batches] == [None, None, None]
    rare = [f for f in report.warnings + report.errors if f.code == "formula_like_value"]
    assert [(f.row, f.value, f.message) for f in rare] == [
        (9 + b * 30_000, f"text {b}-7", f"'text {b}-7': reason {b}-7") for b in range(3)
    ]
    assert len(report.errors) == 10_000  # the common code: its first 10,000 in detail


def test_the_schema_lists_exactly_the_codes_leadprep_has() -> None:
    from leadprep.findings import KINDS
    from leadprep.report._validation import report_order

    codes = set(load_schema("validation-report")["$defs"]["code"]["enum"])
    assert codes == set(KINDS) == set(report_order())


def test_every_finding_in_the_json_carries_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("phone_number,name\n12,a\n+44 12,b\n9812345670,c\n9812345670,d\n")
    data = leadprep.validate(path).to_dict()
    found = [*data["errors"], *data["warnings"], *data["skipped"]]
    assert found
    assert all("hint" in f for f in found)
    hints = {f["value"]: f["hint"] for f in data["errors"]}
    assert "default_region" in hints["12"]  # no country code: the region can help
    assert "default_region" not in hints["+44 12"]  # its country code is written
