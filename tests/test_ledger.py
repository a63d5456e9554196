"""The ledger: every write is one transaction, rolled back whole when a statement fails."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from conftest import run_cli
from faultserver import FaultServer

from leadprep import LedgerError
from leadprep.delivery import Chunk, Chunker, Ledger

PHONES = ["+919847152630", "+919847152631", "+919847152632"]


def one_chunk() -> Chunk:
    frame = pa.table({"phone_number": PHONES, "name": ["A", "B", "C"]})
    chunker = Chunker(["phone_number", "name"], max_rows=10)
    [chunk] = [*chunker.add(frame, np.array([2, 3, 4], dtype=np.int64)), *chunker.finish()]
    return chunk


def refuse_inserts_of(path: Path, phone: str) -> None:
    """Make the ledger's second statement in ``chunk_acknowledged`` fail, from outside."""
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON uploaded"
            f" WHEN NEW.phone = '{phone}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )


def test_a_statement_failing_mid_transaction_rolls_back_and_the_ledger_keeps_working(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.db"
    ledger = Ledger(path)
    run = ledger.start_run("cmp_1", "leads.csv", "sha", "fingerprint")
    chunk = one_chunk()
    ledger.add_chunk(run, chunk)
    refuse_inserts_of(path, PHONES[1])

    with pytest.raises(LedgerError, match="injected failure") as failed:
        ledger.chunk_acknowledged(run, "cmp_1", chunk, 3, 0, "{}")
    assert str(path) in str(failed.value)  # it names the ledger

    # Nothing of the failed step was kept: the UPDATE before the failing INSERT is undone.
    [record] = ledger.chunks(run)
    assert record.status == "planned"
    assert not ledger.uploaded_mask("cmp_1", PHONES).any()
    # The connection is usable: later writes (each its own transaction) go through.
    ledger.chunk_sending(run, chunk.index)
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER refuse")
    ledger.chunk_acknowledged(run, "cmp_1", chunk, 3, 0, "{}")
    assert ledger.chunks(run)[0].status == "acknowledged"
    assert ledger.uploaded_mask("cmp_1", PHONES).all()
    ledger.close()


def test_transaction_commits_on_success_and_rolls_back_on_any_error(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.db")
    run = ledger.start_run("cmp_1", "leads.csv", "sha", "fingerprint")

    def interrupted_update() -> None:
        with ledger.transaction() as db:
            db.execute("UPDATE runs SET status = 'complete' WHERE id = ?", (run,))
            raise KeyboardInterrupt  # an interrupt between two statements

    with pytest.raises(KeyboardInterrupt):
        interrupted_update()
    assert ledger.find_run("cmp_1", "sha", "fingerprint") is not None  # still 'planning'
    with ledger.transaction() as db:
        db.execute("UPDATE runs SET status = 'complete' WHERE id = ?", (run,))
    assert ledger.find_run("cmp_1", "sha", "fingerprint") is None  # complete runs are not found
    ledger.close()


def upload_with(ledger: Path, tmp_path: Path, url: str) -> tuple[int, str, dict[str, Any]]:
    leads = tmp_path / "leads.csv"
    leads.write_text("phone_number\n9847152630\n9847152631\n")
    report = tmp_path / "report.json"
    result = run_cli(
        "upload", leads, "--campaign", "cmp_1", "--base-url", url, "--api-key", "dnx_test_k",
        "--ledger", ledger, "--report-json", report,
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr, json.loads(report.read_text())


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        ("garbage", "damaged: move it aside"),
        ("directory", "pass --ledger PATH"),
        ("disk full mid-run", "free disk space"),
    ],
)
def test_ledger_trouble_is_a_clear_error_naming_it_with_a_report_and_exit_4(
    tmp_path: Path, damage: str, says: str
) -> None:
    ledger = tmp_path / "ledger.db"
    if damage == "garbage":
        ledger.write_bytes(b"this is not a database " * 200)
    elif damage == "directory":
        ledger.mkdir()
    else:
        Ledger(ledger).close()
        with sqlite3.connect(ledger) as db:
            db.execute(
                "CREATE TRIGGER full BEFORE INSERT ON attempts"
                " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
            )
    with FaultServer("ok") as url:
        code, stderr, report = upload_with(ledger, tmp_path, url)
    assert code == 4
    assert stderr.splitlines()[-1].startswith("error: ")
    assert str(ledger) in stderr
    assert says in stderr
    assert report["exit_code"] == 4
    assert report["status"] == "incomplete"
    assert str(ledger) in report["stopped"]
