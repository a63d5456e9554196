"""The data team's Python (spec §13): ``validate``/``prepare``/``upload`` return a result
whose ``.valid`` and ``.errors`` are DataFrames indexed by the rows they came from,
whose ``.report`` is the JSON report; a path that is not there raises."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLES, run_cli

import leadprep
from leadprep import LeadprepError


def test_valid_is_the_clean_file_and_errors_has_every_bad_row(tmp_path: Path) -> None:
    clean, report_json = tmp_path / "clean.csv", tmp_path / "report.json"
    run_cli("validate", SAMPLES / "leads_messy.csv", "-o", clean, "--report-json", report_json)
    result = leadprep.validate(SAMPLES / "leads_messy.csv")
    expected = pd.read_csv(clean, dtype=str, keep_default_na=False)
    assert result.valid.reset_index(drop=True).equals(expected)
    assert result.valid.index.name == "row"
    assert result.valid["phone_number"].str.startswith("+").all()

    errors = result.errors
    assert list(errors.columns[:5]) == ["row", "column", "code", "message", "hint"]
    assert " Customer Name " in errors.columns  # then the row's own cells, as read
    summary = json.loads(report_json.read_text())["summary"]
    bad_rows = sorted(
        r for code, entry in summary.items() if entry["severity"] == "error" for r in entry["rows"]
    )
    assert sorted(errors.index) == bad_rows == sorted(errors["row"])
    row_10 = errors.loc[10]
    assert row_10["code"] == "invalid_phone_number"
    assert row_10["Phone Number"] == "98765"
    assert row_10["hint"].startswith("correct the number")
    assert result.report["summary"] == summary  # .report: the JSON report, as a dict
    assert result.exit_code == 1
    assert result.rows_invalid == len(errors)


def test_a_dataframe_in_gives_dataframes_out_indexed_by_its_own_labels() -> None:
    leads = pd.DataFrame(
        {"name": ["Asha", "Ravi", "Meera", "Dev"],
         "phone_number": ["98123 45670", "12345", "+91 98123 45672", "98123 45670"]},
        index=pd.Index(["crm-17", "crm-18", "crm-19", "crm-20"], name="crm_id"),
    )  # fmt: skip
    result = leadprep.validate(leads)
    assert list(result.valid.index) == ["crm-17", "crm-19"]
    assert result.valid.index.name == "crm_id"
    assert list(result.errors.index) == ["crm-18", "crm-20"]  # invalid; a repeat
    assert list(result.errors["row"]) == [3, 5]  # (the rows a CSV of it would have)
    bad = leads.loc[result.errors.index]  # back to the team's own rows
    assert list(bad["phone_number"]) == ["12345", "98123 45670"]
    assert list(result.valid["phone_number"]) == ["+919812345670", "+919812345672"]


def test_prepare_returns_the_plan_with_the_same_tables(tmp_path: Path) -> None:
    result = leadprep.prepare(SAMPLES / "leads_messy.csv", tmp_path / "parts")
    assert len(result.valid) == result.validation.rows_valid == 59
    assert len(result.errors) == result.validation.rows_invalid == 11
    assert [c.file for c in result.chunks] == ["part-0001.csv"]
    assert result.report["chunks"][0]["rows"] == 59


@pytest.mark.parametrize("call", ["validate", "prepare", "upload"])
def test_a_path_that_is_not_there_raises_file_not_found(call: str, tmp_path: Path) -> None:
    missing = tmp_path / "typo.csv"
    run: Callable[[], object] = {
        "validate": lambda: leadprep.validate(missing),
        "prepare": lambda: leadprep.prepare(missing, tmp_path / "out"),
        "upload": lambda: leadprep.upload(missing, "cmp_1", dry_run=True, ledger="off"),
    }[call]
    with pytest.raises(FileNotFoundError) as info:
        run()
    assert isinstance(info.value, LeadprepError)
    assert str(info.value) == f"{missing} does not exist — check the path"


def test_a_path_that_cannot_be_read_raises_permission_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.csv"
    locked.write_text("phone_number\n9812345670\n")
    real = os.access
    # (the suite may run as root, whom no mode bit stops: the check itself is asked)
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == locked else real(p, m))
    with pytest.raises(PermissionError) as info:
        leadprep.validate(locked)
    assert isinstance(info.value, LeadprepError)
    assert "cannot be read" in str(info.value)


def test_the_command_line_still_reports_a_missing_file(tmp_path: Path) -> None:
    """(From the command line a missing file is a rejected file: exit 3, a report.)"""
    result = run_cli("validate", tmp_path / "typo.csv")
    assert result.returncode == 3
    assert "unreadable_file" in result.stdout
