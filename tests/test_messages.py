"""What a person reads: sentences that stand alone, say each thing once, count in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

import leadprep
from leadprep.delivery import reconcile
from leadprep.report import ChunkReport, Report, UploadReport


def test_the_quiet_verdict_of_a_rejected_file_says_what_is_wrong(tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "missing.xlsx", "-q")
    assert result.returncode == 3
    [line] = result.stdout.splitlines()  # with -q there is nothing "above" it
    assert line.startswith("Result: file rejected (exit 3): unreadable_file — no such file")
    assert "above" not in line


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("Phone_Number,name\n9847152630,Asha\n")
    text = run_cli("validate", one).stdout
    assert "header_renamed: 1 header becomes an upload name (phone_number)" in text
    out = tmp_path / "parts"
    prepared = run_cli("prepare", one, "--out-dir", out).stdout
    assert f"1 part in {out}" in prepared
    assert "(1 row, " in prepared
    assert "part(s)" not in prepared


def test_file_too_large_says_it_once(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w") as fh:
        fh.write("phone_number,notes\n")
        for i in range(11_000):
            fh.write(f"98{i:08d},{'x' * 990}\n")
    text = run_cli("validate", big).stdout
    assert text.count("upload splits it") == 1


def test_parts_in_doubt_and_resent_make_one_reconciliation_line() -> None:
    chunks = [
        ChunkReport(
            index=i,
            rows=10,
            first_row=10 * i,
            last_row=10 * i + 9,
            bytes=500,
            attempts=2,
            status="acknowledged",
            leads_created=7,
            leads_skipped=3,
            in_doubt=True,
        )
        for i in range(1, 31)
    ]
    validation = Report(file="x.csv", rows_total=300, rows_valid=300)
    report = UploadReport(validation, "cmp_1", chunks=chunks)
    differences = reconcile(report).to_dict()["differences"]
    assert len(differences) == 1
    assert differences[0].startswith("30 chunks in doubt and resent (1, 2, 3,")
    assert "90 rows of them as already in the campaign" in differences[0]


def test_phone_messages_say_what_a_cell_looks_like(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(
        "phone_number\n9847152630.0\n98471 52633 / 98123 45678\n9847152630 or 9811532968\n12345\n"
    )
    text = run_cli("validate", path, "--format", "json").stdout
    messages = {f["row"]: f["message"] for f in json.loads(text)["errors"]}
    assert 2 not in messages  # all ten digits are there: read as them (phone_recovered)
    assert messages[3].endswith("it looks like two numbers in one cell: keep one per row")
    assert messages[4].endswith("it looks like two numbers in one cell: keep one per row")
    assert messages[5].endswith("too short for IN (+91): 5 digits, where IN numbers have 10")


def test_python_callers_are_told_keywords_and_the_command_line_its_flags(tmp_path: Path) -> None:
    dupes = tmp_path / "dupes.csv"
    dupes.write_text("phone_number\n9847152630\n9847152630\n")
    api_text = leadprep.validate(dupes).to_text()
    assert "allow_duplicates=True" in api_text
    assert "--allow-duplicates" not in api_text
    cli_text = run_cli("validate", dupes).stdout
    assert "--allow-duplicates" in cli_text
    assert "allow_duplicates=True" not in cli_text
    with pytest.raises(leadprep.UsageError) as refused:
        leadprep.validate(dupes, prompt=tmp_path / "missing.txt")
    assert "prompt=…" in str(refused.value)
    assert "--prompt" not in str(refused.value)
    assert "--" not in str(leadprep.LedgerError("x", hint="pass --ledger PATH"))
    assert "ledger=PATH" in str(leadprep.LedgerError("x", hint="pass --ledger PATH"))
