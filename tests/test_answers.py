"""Strict with every answer: what DialNexa says is checked before anything is believed.

Each test runs the real upload against tests/faultserver.py, a deliberately wrong
server in its own process on a loopback port.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import run_cli
from faultserver import FaultServer

from leadprep import UsageError
from leadprep._resources import validator
from leadprep.api import DialNexaClient
from leadprep.delivery import Ledger
from leadprep.findings import REPORT_COLUMNS

KEY = "dnx_test_answers_key_0123456789"
UPLOAD_SCHEMA = validator("upload-report")


def forty_leads(path: Path) -> list[str]:
    """40 valid Indian mobiles; returns them in E.164 (fixed values, not leadprep's)."""
    national = [f"98{i:08d}" for i in range(10_000_013, 10_000_053)]
    path.write_text("phone_number,name\n" + "".join(f"{n},Lead {n}\n" for n in national))
    return [f"+91{n}" for n in national]


def upload(leads: Path, url: str, tmp_path: Path, *more: str) -> tuple[int, str, dict[str, Any]]:
    """Run ``leadprep upload`` (in-process); exit code, what it printed, the JSON report."""
    report = tmp_path / "report.json"
    result = run_cli(
        "upload", leads, "--campaign", "cmp_1", "--base-url", url, "--api-key", KEY,
        "--ledger", tmp_path / "ledger.db", "--report-json", report, "--max-attempts", "2", *more,
    )  # fmt: skip
    data = json.loads(report.read_text())
    UPLOAD_SCHEMA.validate(data)
    return result.returncode, result.stdout, data


@pytest.mark.parametrize("mode", ["miscount", "negative"])
def test_a_success_answer_that_does_not_account_for_the_part_is_not_believed(
    tmp_path: Path, mode: str
) -> None:
    leads = tmp_path / "leads.csv"
    phones = forty_leads(leads)
    with FaultServer(mode) as url:
        code, out, report = upload(leads, url, tmp_path)
    assert code == 4, out
    assert out.strip().splitlines()[-1].startswith("Result: NOT reconciled (exit 4)")
    totals = report["totals"]
    assert not totals["reconciled"]
    assert totals["chunks_unaccounted"] == 1
    assert any("none of its rows is recorded as uploaded" in d for d in totals["differences"])
    ledger = Ledger(tmp_path / "ledger.db")
    assert not ledger.uploaded_mask("cmp_1", phones).any()  # so the next run sends them
    ledger.close()

    log = tmp_path / "received.jsonl"
    with FaultServer("ok", log=log) as url:
        server = FaultServer("ok", log=log)
        code, out, report = upload(leads, url, tmp_path)
    assert code == 0, out
    assert sorted(server.received()[0]) == sorted(phones)  # the same 40 rows, sent again
    assert out.strip().endswith("uploaded and reconciled.")


def test_rows_refused_only_by_position_are_isolated_by_splitting_never_guessed(
    tmp_path: Path,
) -> None:
    """The server counts ``position`` from the first data row; leadprep must not guess."""
    national = [f"98765{i:05d}" for i in range(40)]
    refused = {3: "9876512313", 13: "9876500013", 17: "9876599913", 30: "9876588813"}
    for index, number in refused.items():  # numbers ending in 13 are refused
        national[index] = number
    leads = tmp_path / "leads.csv"
    leads.write_text("phone_number,name\n" + "".join(f"{n},L\n" for n in national))
    log = tmp_path / "received.jsonl"
    server = FaultServer("positions", log=log)
    with server as url:
        code, out, report = upload(leads, url, tmp_path, "--chunk-rows", "20")
    assert code == 1, out  # rows left out, everything else uploaded
    refused_rows = {index + 2: f"+91{n}" for index, n in refused.items()}  # header is row 1
    assert {r["row"]: r["phone_number"] for r in report["api_rejected_rows"]} == refused_rows
    assert {r["reason"] for r in report["api_rejected_rows"]} == {"Invalid phone number"}
    accepted = [p for phones in server.received(status=201) for p in phones]
    assert sorted(accepted) == sorted(f"+91{n}" for n in national if not n.endswith("13"))
    assert report["totals"]["reconciled"], report["totals"]["differences"]
    assert any(c["split_from"] is not None for c in report["chunks"])


def test_an_unknown_campaign_exits_2_naming_it_and_records_nothing_as_sent(
    tmp_path: Path,
) -> None:
    leads = tmp_path / "leads.csv"
    phones = forty_leads(leads)
    with FaultServer("unknown") as url:
        code, out, report = upload(leads, url, tmp_path)
    assert code == 2, out
    last = out.strip().splitlines()[-1]
    assert "cmp_1" in last
    assert "exit 2" in last
    assert "again" not in last  # not "run it again": a rerun cannot help
    assert report["status"] == "usage_error"
    assert report["totals"]["rows_sent"] == 0
    ledger = Ledger(tmp_path / "ledger.db")
    assert not ledger.uploaded_mask("cmp_1", phones).any()
    ledger.close()


def test_a_server_that_echoes_the_key_never_gets_it_printed_stored_or_reported(
    tmp_path: Path,
) -> None:
    leads = tmp_path / "leads.csv"
    forty_leads(leads)
    with FaultServer("echo-key") as url:
        code, out, report = upload(leads, url, tmp_path)
    assert code == 4, out
    written = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"received_headers" in written  # the server's answer was kept ...
    assert b"Bearer ***" in written  # ... with the key blanked out
    assert KEY.encode() not in written  # not in the report, the ledger or its journal
    assert KEY not in out
    assert KEY not in json.dumps(report)


def test_a_server_that_trickles_bytes_cannot_hang_the_run(tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    forty_leads(leads)
    started = time.monotonic()
    with FaultServer("trickle") as url:
        code, out, report = upload(leads, url, tmp_path, "--timeout", "1")
    assert code == 4, out  # in doubt: the next run resends
    assert time.monotonic() - started < 30  # 2 attempts × 3 s deadline, plus one backoff
    assert report["chunks"][0]["status"] == "in_doubt"
    assert "within 3 s" in report["chunks"][0]["error"]


@pytest.mark.parametrize(
    "url", ["http://api.example.test/v1", "http://10.0.0.7:8080/v1", "http://[fe80::1]/v1"]
)
def test_the_key_is_never_sent_in_clear_text_off_the_machine(tmp_path: Path, url: str) -> None:
    leads = tmp_path / "leads.csv"
    forty_leads(leads)
    result = run_cli(
        "upload", leads, "--campaign", "c", "--base-url", url, "--api-key", KEY,
        "--ledger", tmp_path / "l.db",
    )  # fmt: skip
    assert result.returncode == 2
    assert "clear text" in result.stderr
    assert "--allow-insecure-http" in result.stderr
    single = run_cli("lead", "get", "lead_1", "--base-url", url, "--api-key", KEY)
    assert single.returncode == 2


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://127.0.0.1:8080/v1", True),
        ("http://127.9.9.9/v1", True),
        ("http://localhost/v1", True),
        ("http://[::1]:9/v1", True),
        ("https://api.dialnexa.com/v1", True),
        ("http://api.dialnexa.com/v1", False),
    ],
)
def test_plain_http_is_allowed_only_to_loopback(url: str, *, allowed: bool) -> None:
    try:
        DialNexaClient(url, KEY).close()
    except UsageError:
        assert not allowed
    else:
        assert allowed
    DialNexaClient(url, KEY, allow_insecure_http=True).close()  # said out loud: allowed


def errors_rows(path: Path) -> list[list[str]]:
    """An errors file's rows as text, whichever format it is."""
    if path.suffix == ".csv":
        return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [[str(v) for v in r] for r in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_upload_errors_file_also_lists_the_rows_dialnexa_refused(
    tmp_path: Path, suffix: str
) -> None:
    national = [f"98765{i:05d}" for i in range(30)]
    national[6] = "9876577713"  # refused by the server (ends in 13)
    national[13] = "12"  # refused by validation
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "Phone Number,Customer Name\n" + "".join(f"{n},Lead {i}\n" for i, n in enumerate(national))
    )
    errors = tmp_path / f"errors{suffix}"
    with FaultServer("positions") as url:
        code, out, _ = upload(leads, url, tmp_path, "--errors-output", str(errors))
    assert code == 1, out
    rows = errors_rows(errors)
    assert rows[0] == [*REPORT_COLUMNS, "Phone Number", "Customer Name"]
    by_row = {r[0]: r for r in rows[1:]}
    assert by_row["15"][1:3] == ["invalid_phone_number", "Phone Number"]
    refused = by_row["8"]  # header is row 1: national[6] is on row 8
    assert refused[1:4] == [
        "refused_by_api",
        "Phone Number",
        "DialNexa refused it: Invalid phone number",
    ]
    assert refused[4:] == ["+919876577713", "Lead 6"]  # the row as it was sent
    # A rerun resumes and adds nothing twice.
    with FaultServer("positions") as url:
        upload(leads, url, tmp_path, "--errors-output", str(errors))
    again = errors_rows(errors)
    assert len(again) == len(rows)
