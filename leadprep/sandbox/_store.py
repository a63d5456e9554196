"""The sandbox's state: campaigns, leads and every upload it received, in SQLite.

A restart with the same ``--db`` keeps everything. ``uploads`` logs each upload
request that reached the handler (with a SHA-256 of the file), so tests and
drills can prove from the server's side whether a chunk was ever sent twice.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS campaigns (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS leads (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    phone_number TEXT NOT NULL,
    name TEXT,
    notes TEXT NOT NULL,
    status TEXT NOT NULL,
    call_log_id TEXT,
    created_at TEXT NOT NULL,
    created_ts REAL NOT NULL,
    upload_id TEXT,
    UNIQUE (campaign_id, phone_number)
);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    filename TEXT,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    leads_created INTEGER NOT NULL,
    leads_skipped INTEGER NOT NULL,
    status_code INTEGER NOT NULL,
    received_at TEXT NOT NULL
);
"""


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(6)}"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """Thread-safe access to the sandbox database (one connection, one lock)."""

    def __init__(self, path: str | Path = ":memory:", *, dial_after_ms: int | None = None) -> None:
        self.path = str(path)
        self.dial_after_ms = dial_after_ms
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # campaigns

    def create_campaign(self, body: dict[str, Any]) -> dict[str, Any]:
        campaign = {
            "id": new_id("cmp"),
            "organization_id": "org_sandbox",
            "name": body["name"],
            "agent_id": body["agent_id"],
            "from_phone_number": body.get("from_phone_number"),
            "status": "draft",
            "max_concurrent_calls": body.get("max_concurrent_calls"),
            "scheduled_at": body.get("scheduled_at"),
            "retry_config": body.get("retry_config"),
            "created_at": now_iso(),
        }
        with self.transaction() as db:
            db.execute(
                "INSERT INTO campaigns (id, body, created_at) VALUES (?, ?, ?)",
                (campaign["id"], json.dumps(campaign), campaign["created_at"]),
            )
        return campaign

    def campaign_exists(self, campaign_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM campaigns WHERE id = ?", (campaign_id,)
            ).fetchone()
        return row is not None

    # leads

    def campaign_numbers(self, campaign_id: str) -> set[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT phone_number FROM leads WHERE campaign_id = ?", (campaign_id,)
            ).fetchall()
        return {r[0] for r in rows}

    def insert_leads(
        self,
        db: sqlite3.Connection,
        campaign_id: str,
        leads: Iterable[tuple[str, str | None, dict[str, Any]]],
        upload_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Insert (phone, name, notes) leads inside ``db``'s open transaction."""
        out = []
        stamp, ts = now_iso(), time.time()
        for phone, name, notes in leads:
            lead_id = new_id("lead")
            db.execute(
                "INSERT INTO leads (id, campaign_id, phone_number, name, notes, status,"
                " created_at, created_ts, upload_id) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                (lead_id, campaign_id, phone, name, json.dumps(notes), stamp, ts, upload_id),
            )
            out.append(lead_id)
        return [{"id": i} for i in out]

    def get_lead(self, lead_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM leads WHERE id = ?", (lead_id,)).fetchone()
            if row is None:
                return None
            row = self._advance(row)
        return self._lead_json(row)

    def update_lead(self, lead_id: str, changes: dict[str, Any]) -> dict[str, Any] | None:
        sets = ", ".join(f"{column} = ?" for column in changes)
        with self.transaction() as db:
            db.execute(
                f"UPDATE leads SET {sets} WHERE id = ?",  # noqa: S608 - column names are ours
                (*(json.dumps(v) if k == "notes" else v for k, v in changes.items()), lead_id),
            )
        return self.get_lead(lead_id)

    def _advance(self, row: sqlite3.Row) -> sqlite3.Row:
        """Dial leads lazily: pending → in_progress → completed as time passes."""
        if not self.dial_after_ms or row["status"] not in ("pending", "in_progress"):
            return row
        elapsed_ms = (time.time() - row["created_ts"]) * 1000
        status = row["status"]
        if elapsed_ms >= 2 * self.dial_after_ms:
            status = "completed"
        elif elapsed_ms >= self.dial_after_ms:
            status = "in_progress"
        if status == row["status"]:
            return row
        call_log = row["call_log_id"] or new_id("log")
        with self.transaction() as db:
            db.execute(
                "UPDATE leads SET status = ?, call_log_id = ? WHERE id = ?",
                (status, call_log, row["id"]),
            )
        fresh: sqlite3.Row = self._db.execute(
            "SELECT * FROM leads WHERE id = ?", (row["id"],)
        ).fetchone()
        return fresh

    @staticmethod
    def _lead_json(row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"],
            "name": row["name"],
            "phone_number": row["phone_number"],
            "campaign_id": row["campaign_id"],
            "status": row["status"],
            "notes": json.loads(row["notes"]),
            "call_log_id": row["call_log_id"],
            "created_at": row["created_at"],
        }

    def record_upload(self, db: sqlite3.Connection, **fields: Any) -> None:
        db.execute(
            "INSERT INTO uploads (id, campaign_id, filename, sha256, bytes, rows, leads_created,"
            " leads_skipped, status_code, received_at) VALUES (:id, :campaign_id, :filename,"
            " :sha256, :bytes, :rows, :leads_created, :leads_skipped, :status_code, :received_at)",
            {"received_at": now_iso(), **fields},
        )
