"""The fix-and-reupload loop, as a person does it: validate, fix the errors sheet in a
spreadsheet, upload the fixed sheet. Only the leads' own columns reach DialNexa."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import phonenumbers
import pytest
from conftest import SAMPLES, run_cli

from leadprep.api import DialNexaClient, RetryPolicy
from leadprep.sandbox import RunningSandbox, SandboxConfig

KEY = "dnx_test_fixloop"
ROUTES = SAMPLES / "telephony-config.json"
#: The messy sample's own columns, as DialNexa receives them (fixed expectations).
LEAD_COLUMNS = {"customer_name", "city", "loan_amount", "product", "notes"}


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    config = SandboxConfig(api_key=KEY, db=str(tmp_path / "sandbox.db"), telephony=ROUTES)
    with RunningSandbox(config) as running:
        yield running


def fresh_mobiles() -> Iterator[str]:
    """Valid Indian mobiles none of the sample files uses (checked with phonenumbers)."""
    for n in range(9_845_000_000, 9_846_000_000, 7):
        if phonenumbers.is_valid_number(phonenumbers.parse(str(n), "IN")):
            yield str(n)


def test_a_fixed_errors_sheet_uploads_its_leads_once_without_the_report_columns(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    errors, fixed = tmp_path / "errors.xlsx", tmp_path / "fixed.xlsx"
    first = run_cli(
        "validate", SAMPLES / "leads_messy.csv", "--telephony-config", ROUTES,
        "--errors-output", errors,
    )  # fmt: skip
    assert first.returncode == 1

    # In the spreadsheet: fix the phone cells, touch nothing else.
    book = openpyxl.load_workbook(errors)
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["source_row", "error_code", "error_column", "error_message"]
    assert sheet.auto_filter.ref is not None  # a filter on the header, as Excel users expect
    assert (sheet.column_dimensions["D"].width or 0) >= 50  # room to read the message
    report_fill, lead_fill = sheet["A1"].fill.fgColor.rgb, sheet["E1"].fill.fgColor.rgb
    assert report_fill != lead_fill  # the report's columns are set apart
    phone = header.index("Phone Number") + 1
    numbers = fresh_mobiles()
    fixed_phones = []
    for row in range(2, sheet.max_row + 1):
        fixed_phones.append("+91" + (number := next(numbers)))
        sheet.cell(row=row, column=phone).value = number
    book.save(fixed)

    with DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait()) as client:
        campaign = client.create_campaign(name="fixed leads", agent_id="agt_1").id
    report = tmp_path / "report.json"
    upload = run_cli(
        "upload", fixed, "--campaign", campaign, "--base-url", sandbox.url, "--api-key", KEY,
        "--telephony-config", ROUTES, "--ledger", tmp_path / "ledger.db", "--report-json", report,
    )  # fmt: skip
    assert upload.returncode == 0, upload.stdout + upload.stderr
    assert "report_columns_dropped" in upload.stdout

    with sqlite3.connect(sandbox.config.db) as db:
        leads = db.execute(
            "SELECT phone_number, notes FROM leads WHERE campaign_id = ?", (campaign,)
        ).fetchall()
    assert sorted(p for p, _ in leads) == sorted(fixed_phones)  # every fixed lead, once
    for _, notes in leads:
        assert set(json.loads(notes)) == LEAD_COLUMNS  # none of the report's columns


def test_messages_about_a_fixed_sheet_name_the_original_row(tmp_path: Path) -> None:
    errors, fixed, again = tmp_path / "errors.xlsx", tmp_path / "fixed.xlsx", tmp_path / "e2.csv"
    run_cli("validate", SAMPLES / "leads_messy.csv", "--errors-output", errors)
    book = openpyxl.load_workbook(errors)
    sheet = book.active
    assert sheet is not None
    original_row = sheet.cell(row=2, column=1).value
    sheet.cell(row=2, column=[c.value for c in sheet[1]].index("Phone Number") + 1).value = "12"
    book.save(fixed)
    result = run_cli("validate", fixed, "--errors-output", again)
    assert f"(row {original_row} of the original file)" in result.stdout
    # and the next errors file still points at the original file's rows
    assert again.read_text(encoding="utf-8-sig").splitlines()[1].startswith(f"{original_row},")
