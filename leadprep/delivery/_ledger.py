"""The upload ledger: a durable record that makes uploads resumable and exactly-once.

SQLite (WAL, ``synchronous=FULL``): every state change is its own committed
transaction, written *before* the request it describes and *after* its answer,
so ``kill -9`` at any instant leaves a ledger that says exactly what may have
happened:

* ``runs``      one per (campaign, file content hash, options) upload
* ``chunks``    the plan: each part's exact bytes, source rows and phones, status
                planned → sending → acknowledged | rejected | in_doubt | failed
* ``attempts``  every try of every chunk: started, then its answer
* ``uploaded``  (campaign, phone) for every number DialNexa acknowledged —
                later runs skip these as ``already_uploaded``
* ``api_rejected``  rows the API refused by name (mapped to source rows)

A chunk found in ``sending`` by a later process was in flight when its process
died: it is *in doubt* and is resent (DialNexa skips numbers already in the
campaign), and the report says so. An upload holds its campaign's lock on this
machine and then the ledger's (:meth:`Ledger.lock`); ``kill -9`` releases both
with the process.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .._exceptions import LedgerError
from ._chunk import Chunk

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    file TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,          -- planning | planned | complete | incomplete
    validation TEXT,               -- the validation report, JSON, fixed at planning
    oversized TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_identity ON runs (campaign_id, file_sha256, fingerprint);
CREATE TABLE IF NOT EXISTS chunks (
    run_id TEXT NOT NULL REFERENCES runs(id),
    idx INTEGER NOT NULL,
    status TEXT NOT NULL,
    n_rows INTEGER NOT NULL,
    first_row INTEGER NOT NULL,
    last_row INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    header BLOB NOT NULL,
    body BLOB NOT NULL,
    offsets BLOB NOT NULL,
    source_rows BLOB NOT NULL,
    phones TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    in_doubt INTEGER NOT NULL DEFAULT 0,
    leads_created INTEGER,
    leads_skipped INTEGER,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    rows_withheld INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    response TEXT,
    acknowledged_at TEXT,
    discrepancy TEXT,              -- a success answer whose counts did not cover the part
    parent INTEGER,                -- split off this chunk to isolate rows refused by position
    PRIMARY KEY (run_id, idx)
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status_code INTEGER,
    in_doubt INTEGER,
    error TEXT
);
CREATE TABLE IF NOT EXISTS uploaded (
    campaign_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    run_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, phone)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contacts (  -- every acknowledged upload of a number (--max-contacts)
    phone TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    at TEXT NOT NULL               -- when DialNexa acknowledged it (UTC, ISO 8601)
);
CREATE INDEX IF NOT EXISTS contacts_by_time ON contacts (at);
CREATE TABLE IF NOT EXISTS api_rejected (
    run_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    phone TEXT,
    reason TEXT NOT NULL,
    line BLOB                      -- the row as it was sent (a CSV line of the part)
);
"""

OFF = "off"
_IN_CLAUSE = 500


def data_dir() -> Path:
    """leadprep's folder in the user's data directory (``$XDG_DATA_HOME`` or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "leadprep"


def default_path() -> Path:
    """``$LEADPREP_LEDGER``, else ``ledger.sqlite3`` in :func:`data_dir`."""
    env = os.environ.get("LEADPREP_LEDGER")
    if env:
        return Path(env)
    return data_dir() / "ledger.sqlite3"


@contextmanager
def _held(path: Path, what: str, until: float, wait_s: float, poll_s: float) -> Iterator[None]:
    """An exclusive lock on ``path`` (flock: released by the kernel if the process dies)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = path.open("a+")
    except OSError as exc:
        raise ledger_trouble(path, exc) from exc
    with fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= until:
                    fh.seek(0)
                    holder = fh.read().strip() or "another process"
                    raise LedgerBusy(
                        f"{what} is in use by {holder}; waited {wait_s:g} s",
                        hint="another upload is running; run again when it ends (nothing was sent)",
                    ) from None
                time.sleep(poll_s)
        fh.seek(0)
        fh.truncate()
        fh.write(f"leadprep pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.truncate(0)
            fcntl.flock(fh, fcntl.LOCK_UN)


def _content(chunk: Chunk) -> tuple[bytes, bytes, bytes, str]:
    """How the ledger stores a chunk's rows: body, line offsets, source rows, phones."""
    offsets = np.cumsum([0, *map(len, chunk.lines)]).astype(np.int64)
    return (
        b"".join(chunk.lines),
        offsets.tobytes(),
        chunk.rows.astype(np.int64).tobytes(),
        "\n".join(chunk.phones),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class ChunkRecord:
    """A planned chunk as the ledger holds it."""

    run_id: str
    chunk: Chunk
    status: str
    attempts: int
    in_doubt: bool
    leads_created: int | None
    leads_skipped: int | None
    rows_rejected: int
    rows_withheld: int
    error: str | None
    response: str | None
    discrepancy: str | None
    #: the chunk this one was split off (to isolate rows refused by position only)
    parent: int | None
    n_rows_planned: int
    first_row: int
    last_row: int
    bytes_planned: int


@dataclass
class Run:
    id: str
    campaign_id: str
    file: str
    status: str
    validation: dict[str, Any] | None
    oversized: list[list[int]]


class LedgerBusy(LedgerError):
    """Another process holds the ledger: nothing was sent; run again later."""


def ledger_trouble(path: Path, exc: BaseException) -> LedgerError:
    """SQLite's or the file system's complaint about ``path``, as something to act on."""
    text = str(exc)
    lowered = text.lower()
    if "full" in lowered or "no space" in lowered:
        hint = "free disk space, then run the same command again: it resumes"
    elif "readonly" in lowered or "read-only" in lowered or "permission" in lowered:
        hint = "make the ledger and its folder writable, or pass --ledger PATH somewhere writable"
    elif "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        hint = (
            "the ledger is damaged: move it aside (keep it: it records what was sent) and "
            "run again, or pass --ledger PATH; a new ledger does not know earlier uploads"
        )
    else:
        hint = "check the ledger's file and disk, or pass --ledger PATH to another ledger"
    return LedgerError(f"the ledger {path} cannot be used: {text}", hint=hint)


class Ledger:
    """The upload ledger at ``path`` (``"off"``: in memory, forgotten at exit)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.off = str(path) == OFF
        self.path = Path(":memory:") if self.off else Path(path or default_path())
        if not self.off:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ledger_trouble(self.path, exc) from exc
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                ":memory:" if self.off else str(self.path),
                check_same_thread=False,
                isolation_level=None,
                timeout=30,
            )
            self._setup()
        except sqlite3.Error as exc:
            raise ledger_trouble(self.path, exc) from exc

    def _setup(self, wait_s: float = 30.0) -> None:
        """WAL, durable commits, tables. Two processes opening a new ledger at once race
        on the journal-mode switch, which SQLite's busy timeout does not cover: retry."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=FULL")
                self._db.executescript(SCHEMA)
                self._migrate()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
            else:
                return

    def _migrate(self) -> None:
        """Bring a ledger written by an older leadprep up to this schema."""
        added = {
            "chunks": (("discrepancy", "TEXT"), ("parent", "INTEGER")),
            "api_rejected": (("line", "BLOB"),),
        }
        for table, wanted in added.items():
            columns = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            for name, kind in wanted:
                if name not in columns:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
        if self._db.execute("SELECT 1 FROM contacts LIMIT 1").fetchone() is None:
            # a ledger from before contacts were counted: its uploads so far, once each
            self._db.execute(
                "INSERT INTO contacts (phone, campaign_id, at)"
                " SELECT u.phone, u.campaign_id, c.acknowledged_at FROM uploaded u"
                " JOIN chunks c ON c.run_id = u.run_id AND c.idx = u.idx"
                " WHERE c.acknowledged_at IS NOT NULL"
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- one process at a time ---------------------------------------------

    @contextmanager
    def lock(
        self, campaign_id: str, *, wait_s: float = 60.0, poll_s: float = 0.2
    ) -> Iterator[None]:
        """Hold ``campaign_id`` on this machine, then this ledger; wait up to ``wait_s``.

        The campaign's lock lives in the user's data directory whatever ledger a
        job uses, so two cron jobs uploading to one campaign never run at once,
        even with different ledgers or input files. Campaign first, ledger second,
        always: no two jobs can wait on each other."""
        if self.off:
            yield
            return
        until = time.monotonic() + wait_s
        digest = hashlib.sha256(campaign_id.encode()).hexdigest()[:16]
        campaign_lock = data_dir() / "locks" / f"campaign-{digest}.lock"
        with (
            _held(campaign_lock, f"campaign {campaign_id}", until, wait_s, poll_s),
            _held(
                self.path.with_name(self.path.name + ".lock"),
                f"the ledger {self.path}",
                until,
                wait_s,
                poll_s,
            ),
        ):
            yield

    # -- writes (each one committed before returning) ------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One durable write: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error.

        Every write of the ledger goes through here, so a failed statement (a
        full disk, a constraint, an interrupt) never leaves the connection inside
        a transaction it can no longer leave, and never half-records a step."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.rollback()
                    raise
            except sqlite3.Error as exc:
                raise ledger_trouble(self.path, exc) from exc

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A read of the ledger: SQLite's errors become :class:`LedgerError`."""
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as exc:
                raise ledger_trouble(self.path, exc) from exc

    def _write(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        with self.transaction() as db:
            db.execute(sql, params)

    def start_run(self, campaign_id: str, file: str, file_sha256: str, fingerprint: str) -> str:
        run_id = "run_" + uuid.uuid4().hex[:12]
        self._write(
            "INSERT INTO runs (id, campaign_id, file, file_sha256, fingerprint, status,"
            " started_at) VALUES (?, ?, ?, ?, ?, 'planning', ?)",
            (run_id, campaign_id, file, file_sha256, fingerprint, _now()),
        )
        return run_id

    def add_chunk(self, run_id: str, chunk: Chunk) -> None:
        with self.transaction() as db:
            self._insert_chunk(db, run_id, chunk)

    @staticmethod
    def _insert_chunk(
        db: sqlite3.Connection, run_id: str, chunk: Chunk, *, parent: int | None = None
    ) -> None:
        db.execute(
            "INSERT INTO chunks (run_id, idx, status, n_rows, first_row, last_row, bytes, sha256,"
            " header, body, offsets, source_rows, phones, parent)"
            " VALUES (?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                chunk.index,
                chunk.n_rows,
                chunk.first_row,
                chunk.last_row,
                chunk.size,
                chunk.sha256,
                chunk.header,
                *_content(chunk),
                parent,
            ),
        )

    def finish_plan(
        self, run_id: str, validation: dict[str, Any], oversized: list[tuple[int, int]]
    ) -> None:
        self._write(
            "UPDATE runs SET status = 'planned', validation = ?, oversized = ? WHERE id = ?",
            (json.dumps(validation), json.dumps(oversized), run_id),
        )

    def discard_run(self, run_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE run_id = ?", (run_id,))
            db.execute("DELETE FROM runs WHERE id = ?", (run_id,))

    def chunk_sending(self, run_id: str, idx: int) -> None:
        """Durably: this chunk may be on the wire from now on."""
        self._write(
            "UPDATE chunks SET status = 'sending', error = NULL WHERE run_id = ? AND idx = ?",
            (run_id, idx),
        )

    def attempt_started(self, run_id: str, idx: int, attempt: int, sha256: str) -> int:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO attempts (run_id, idx, attempt, sha256, started_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (run_id, idx, attempt, sha256, _now()),
            )
            db.execute(
                "UPDATE chunks SET attempts = attempts + 1 WHERE run_id = ? AND idx = ?",
                (run_id, idx),
            )
            return int(cur.lastrowid or 0)

    def attempt_finished(
        self, attempt_id: int, status_code: int | None, in_doubt: bool, error: str | None
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET finished_at = ?, status_code = ?, in_doubt = ?, error = ?"
                " WHERE id = ?",
                (_now(), status_code, int(in_doubt), error, attempt_id),
            )
            if in_doubt:
                db.execute(
                    "UPDATE chunks SET in_doubt = 1 WHERE (run_id, idx) ="
                    " (SELECT run_id, idx FROM attempts WHERE id = ?)",
                    (attempt_id,),
                )

    def chunk_acknowledged(
        self,
        run_id: str,
        campaign_id: str,
        chunk: Chunk,
        created: int,
        skipped: int,
        response: str,
    ) -> None:
        """Durably: DialNexa acknowledged ``chunk``; its numbers are now uploaded."""
        now = _now()
        with self.transaction() as db:
            db.execute(
                "UPDATE chunks SET status = 'acknowledged', leads_created = ?, leads_skipped = ?,"
                " response = ?, error = NULL, discrepancy = NULL, acknowledged_at = ?"
                " WHERE run_id = ? AND idx = ?",
                (created, skipped, response, now, run_id, chunk.index),
            )
            db.executemany(
                "INSERT INTO contacts (phone, campaign_id, at) VALUES (?, ?, ?)",
                [(phone, campaign_id, now) for phone in chunk.phones],
            )
            db.executemany(
                "INSERT OR IGNORE INTO uploaded (campaign_id, phone, run_id, idx)"
                " VALUES (?, ?, ?, ?)",
                [(campaign_id, phone, run_id, chunk.index) for phone in chunk.phones],
            )

    def rows_removed(
        self,
        run_id: str,
        chunk: Chunk,
        *,
        rejected: Sequence[tuple[int, str | None, str, bytes]] = (),
        withheld: int = 0,
    ) -> None:
        """Replace the chunk's content with ``chunk`` (rows removed); log API-rejected rows."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO api_rejected (run_id, idx, source_row, phone, reason, line)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, chunk.index, *entry) for entry in rejected],
            )
            db.execute(
                "UPDATE chunks SET body = ?, offsets = ?, source_rows = ?, phones = ?,"
                " sha256 = ?, rows_rejected = rows_rejected + ?,"
                " rows_withheld = rows_withheld + ? WHERE run_id = ? AND idx = ?",
                (
                    *_content(chunk),
                    chunk.sha256,
                    len(rejected),
                    withheld,
                    run_id,
                    chunk.index,
                ),
            )

    def split_chunk(self, run_id: str, first: Chunk, second: Chunk) -> ChunkRecord:
        """Durably: ``first`` (the chunk's own index) keeps the first rows, and the
        rest becomes a new planned chunk of this run; returns the new chunk's record."""
        with self.transaction() as db:
            (top,) = db.execute(
                "SELECT MAX(idx) FROM chunks WHERE run_id = ?", (run_id,)
            ).fetchone()
            new = replace(second, index=int(top) + 1)
            db.execute(
                "UPDATE chunks SET body = ?, offsets = ?, source_rows = ?, phones = ?, sha256 = ?,"
                " n_rows = ?, first_row = ?, last_row = ?, bytes = ? WHERE run_id = ? AND idx = ?",
                (
                    *_content(first),
                    first.sha256,
                    first.n_rows,
                    first.first_row,
                    first.last_row,
                    first.size,
                    run_id,
                    first.index,
                ),
            )
            self._insert_chunk(db, run_id, new, parent=first.index)
        [record] = self.chunks(run_id, only=new.index)
        return record

    def chunk_unaccounted(
        self, run_id: str, idx: int, created: int, skipped: int, response: str, why: str
    ) -> None:
        """Durably: DialNexa said success but its counts do not cover the part.

        No number of the part is recorded as uploaded (which ones arrived cannot be
        told), and the chunk stays in doubt, so the next run sends it again."""
        self._write(
            "UPDATE chunks SET status = 'in_doubt', in_doubt = 1, leads_created = ?,"
            " leads_skipped = ?, response = ?, error = ?, discrepancy = ?"
            " WHERE run_id = ? AND idx = ?",
            (created, skipped, response, why, why, run_id, idx),
        )

    def chunk_ended(
        self, run_id: str, idx: int, status: str, error: str | None, response: str | None = None
    ) -> None:
        self._write(
            "UPDATE chunks SET status = ?, error = ?, response = ? WHERE run_id = ? AND idx = ?",
            (status, error, response, run_id, idx),
        )

    def finish_run(self, run_id: str, status: str) -> None:
        self._write(
            "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (status, _now(), run_id)
        )

    # -- reads ---------------------------------------------------------------

    def uploaded_mask(
        self, campaign_id: str, phones: Sequence[str], *, exclude_run: str | None = None
    ) -> np.ndarray:
        """True where ``phones[i]`` was acknowledged for ``campaign_id`` (by another run)."""
        found: set[str] = set()
        unique = list(dict.fromkeys(phones))
        with self._reading():
            for start in range(0, len(unique), _IN_CLAUSE):
                part = unique[start : start + _IN_CLAUSE]
                marks = ",".join("?" * len(part))
                sql = f"SELECT phone FROM uploaded WHERE campaign_id = ? AND phone IN ({marks})"  # noqa: S608
                params: list[Any] = [campaign_id, *part]
                if exclude_run:
                    sql += " AND run_id != ?"
                    params.append(exclude_run)
                found.update(r[0] for r in self._db.execute(sql, params))
        return np.fromiter((p in found for p in phones), dtype=bool, count=len(phones))

    def chunk_seconds(self, run_id: str) -> dict[int, float]:
        """Per chunk of ``run_id``: the time its finished attempts took, in seconds."""
        with self._reading():
            rows = self._db.execute(
                "SELECT idx, SUM(julianday(finished_at) - julianday(started_at)) * 86400.0"
                " FROM attempts WHERE run_id = ? AND finished_at IS NOT NULL GROUP BY idx",
                (run_id,),
            ).fetchall()
        return {int(idx): max(0.0, float(s)) for idx, s in rows if s is not None}

    def contacts_since(self, since: datetime, at_least: int) -> dict[str, int]:
        """The numbers acknowledged ``at_least`` times since ``since`` (any campaign), and
        how many times."""
        with self._reading():
            rows = self._db.execute(
                "SELECT phone, COUNT(*) FROM contacts WHERE at >= ? GROUP BY phone"
                " HAVING COUNT(*) >= ?",
                (since.astimezone(UTC).isoformat(timespec="milliseconds"), at_least),
            ).fetchall()
        return {phone: int(n) for phone, n in rows}

    def find_run(self, campaign_id: str, file_sha256: str, fingerprint: str) -> Run | None:
        """The latest unfinished run of this file, options and campaign, if any."""
        with self._reading():
            row = self._db.execute(
                "SELECT id, campaign_id, file, status, validation, oversized FROM runs"
                " WHERE campaign_id = ? AND file_sha256 = ? AND fingerprint = ?"
                " AND status != 'complete' ORDER BY started_at DESC LIMIT 1",
                (campaign_id, file_sha256, fingerprint),
            ).fetchone()
        if row is None:
            return None
        return Run(
            id=row[0],
            campaign_id=row[1],
            file=row[2],
            status=row[3],
            validation=json.loads(row[4]) if row[4] else None,
            oversized=json.loads(row[5]) if row[5] else [],
        )

    def chunks(self, run_id: str, *, only: int | None = None) -> list[ChunkRecord]:
        """The run's chunks in order (``only``: just that one)."""
        with self._reading():
            rows = self._db.execute(
                "SELECT idx, status, n_rows, first_row, last_row, bytes, header, body, offsets,"
                " source_rows, phones, attempts, in_doubt, leads_created, leads_skipped,"
                " rows_rejected, rows_withheld, error, response, discrepancy, parent"
                " FROM chunks WHERE run_id = ? AND (? IS NULL OR idx = ?) ORDER BY idx",
                (run_id, only, only),
            ).fetchall()
        out = []
        for r in rows:
            offsets = np.frombuffer(r[8], dtype=np.int64)
            body: bytes = r[7]
            lines = [body[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]
            chunk = Chunk(
                index=r[0],
                header=r[6],
                lines=lines,
                rows=np.frombuffer(r[9], dtype=np.int64).copy(),
                phones=r[10].split("\n") if r[10] else [],
            )
            out.append(
                ChunkRecord(
                    run_id=run_id,
                    chunk=chunk,
                    status=r[1],
                    attempts=r[11],
                    in_doubt=bool(r[12]),
                    leads_created=r[13],
                    leads_skipped=r[14],
                    rows_rejected=r[15],
                    rows_withheld=r[16],
                    error=r[17],
                    response=r[18],
                    discrepancy=r[19],
                    parent=r[20],
                    n_rows_planned=r[2],
                    first_row=r[3],
                    last_row=r[4],
                    bytes_planned=r[5],
                )
            )
        return out

    def api_rejected(self, run_id: str) -> list[tuple[int, int, str | None, str, bytes | None]]:
        """(chunk, source row, phone, reason, the row as sent) for rows the API refused."""
        with self._reading():
            return [
                (r[0], r[1], r[2], r[3], r[4])
                for r in self._db.execute(
                    "SELECT idx, source_row, phone, reason, line FROM api_rejected"
                    " WHERE run_id = ? ORDER BY source_row",
                    (run_id,),
                )
            ]
