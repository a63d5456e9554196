"""Do-not-call lists as registries and CRMs export them, their staleness and their
audit record (spec §12; leadprep/check/_suppress.py)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from conftest import run_cli
from xlsxkit import build_xlsx

import leadprep
from leadprep.check.rules import Suppressed
from leadprep.findings import SuppressionListStale

#: Four leads; the first three are on the lists below, each written another way.
LEADS = ["98123 45670", "+91 98123 45671", "098123-45672", "9812345673"]


def _leads(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Name", "phone_number"])
        w.writerows([f"Lead {i}", cell] for i, cell in enumerate(LEADS))
    return path


def _suppressed_rows(report: leadprep.Result[leadprep.Report]) -> list[int]:
    rows: list[int] = report.details.summary().get(Suppressed.code, {}).get("rows", [])
    return rows


LISTS = {
    # a registry extract: one column, no header, numbers with the country code
    "headerless.csv": "919812345670\n+91-98123-45671\n91 98123 45672\n",
    # a text list, one number per line, national writing
    "plain.txt": "09812345670\n9812345671\n(981) 234-5672\n",
    # a CRM export: a header, the phone under a name of its own, other columns beside
    "crm.csv": "Full Name,Mobile Number,Reason\nA,+919812345670,asked\nB,98123 45671,DND\n"
    "C,0091 98123 45672,legal\n",
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_in_any_shape_and_writing_suppresses_its_numbers(tmp_path: Path, name: str) -> None:
    dnc = tmp_path / name
    dnc.write_text(LISTS[name], encoding="utf-8")
    report = leadprep.validate(_leads(tmp_path), suppress=dnc)
    assert _suppressed_rows(report) == [2, 3, 4]
    (record,) = report.suppression_lists
    assert record["numbers"] == 3
    assert record["ignored"] == 0


def test_an_xlsx_list_with_a_header(tmp_path: Path) -> None:
    dnc = build_xlsx(
        tmp_path / "dnc.xlsx",
        {"DNC": [["Phone"], ["+91 98123 45670"], [919812345671], ["not a number"]]},
    )
    report = leadprep.validate(_leads(tmp_path), suppress=dnc)
    assert _suppressed_rows(report) == [2, 3]
    assert report.suppression_lists[0]["ignored"] == 1


def test_a_headerless_xlsx_list_keeps_its_first_number(tmp_path: Path) -> None:
    dnc = build_xlsx(tmp_path / "dnc.xlsx", {"Sheet1": [[9812345670], [9812345673]]})
    report = leadprep.validate(_leads(tmp_path), suppress=dnc)
    assert _suppressed_rows(report) == [2, 5]


def test_the_report_records_each_list_path_sha256_count_and_age(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.csv"
    first.write_text("9812345670\n9812345670\njunk\n")
    second.write_text("phone\n9812345673\n")
    three_days_ago = time.time() - 3 * 86_400
    os.utime(first, (three_days_ago, three_days_ago))
    out = tmp_path / "report.json"
    result = run_cli(
        "validate", _leads(tmp_path), "--suppress", first, "--suppress", second,
        "--report-json", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    records = data["suppression_lists"]
    assert [r["path"] for r in records] == [str(first), str(second)]
    assert records[0]["sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    assert records[0]["numbers"] == 1
    assert records[0]["ignored"] == 1
    assert records[1]["numbers"] == 1
    assert records[0]["age_days"] == 3.0
    assert records[1]["age_days"] == 0.0
    # and the text report says the same
    assert f"Do-not-call list {first}: 1 number, 1 entries not numbers, changed 3 days ago" in (
        result.stdout
    )


def test_a_list_older_than_the_max_age_refuses_the_run_naming_its_age(tmp_path: Path) -> None:
    dnc = tmp_path / "dnc.txt"
    dnc.write_text("9812345670\n")
    forty_days_ago = time.time() - 40 * 86_400 - 3600
    os.utime(dnc, (forty_days_ago, forty_days_ago))
    report = leadprep.validate(_leads(tmp_path), suppress=dnc, suppress_max_age=30)
    assert report.rejected
    assert report.exit_code == 3
    (finding,) = report.file_errors
    assert finding.code == SuppressionListStale.code
    assert finding.message == f"{dnc} changed 40 days ago: older than --suppress-max-age 30"
    assert report.suppression_lists[0]["age_days"] == 40.0  # the audit record stays
    # a list younger than the limit is used
    fresh = leadprep.validate(_leads(tmp_path), suppress=dnc, suppress_max_age=41)
    assert not fresh.rejected
    assert _suppressed_rows(fresh) == [2]


def test_a_stale_list_stops_upload_and_prepare_before_anything_is_written(
    tmp_path: Path,
) -> None:
    dnc = tmp_path / "dnc.txt"
    dnc.write_text("9812345670\n")
    old = time.time() - 10 * 86_400
    os.utime(dnc, (old, old))
    out = tmp_path / "parts"
    report = leadprep.prepare(_leads(tmp_path), out, suppress=dnc, suppress_max_age=7)
    assert report.validation.rejected
    assert list(out.glob("part-*.csv")) == []


def test_a_list_that_does_not_exist_is_a_usage_error_saying_so(tmp_path: Path) -> None:
    result = run_cli("validate", _leads(tmp_path), "--suppress", tmp_path / "nope.txt")
    assert result.returncode == 2
    assert f"the suppression list {tmp_path / 'nope.txt'} does not exist" in result.stderr
