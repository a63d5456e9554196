"""The ledger: every write is one transaction, rolled back whole when a statement fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadprep.delivery import Chunk, Chunker, Ledger

PHONES = ["+919876543210", "+919876543211", "+919876543212"]


def one_chunk() -> Chunk:
    frame = pd.DataFrame({"phone_number": PHONES, "name": ["A", "B", "C"]})
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

    with pytest.raises(sqlite3.DatabaseError, match="injected failure"):
        ledger.chunk_acknowledged(run, "cmp_1", chunk, 3, 0, "{}")

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
