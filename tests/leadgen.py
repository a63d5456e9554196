"""Deterministic lead files for upload tests (generated, never committed)."""

from __future__ import annotations

import csv
import random
import sqlite3
from pathlib import Path

import phonenumbers


def make_leads(path: Path, rows: int, *, seed: int = 1, start: int = 0) -> Path:
    """``rows`` leads in assorted formats; about 1 in 25 invalid or repeated.

    Numbers are unique per (seed, index), so a larger ``rows`` with the same seed
    is the same export grown by new leads at the end.
    """
    rng = random.Random(seed)  # noqa: S311 - deterministic test data
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Phone Number", "Customer Name", "City", "Loan Amount"])
        previous: list[str] = []
        for i in range(start, start + rows):
            digits = f"{rng.choice('6789')}{(seed * 7_919 + i * 104_729) % 10**9:09d}"
            kind = rng.random()
            if kind < 0.02:
                phone = "12345"
            elif kind < 0.04 and previous:
                phone = rng.choice(previous)
            else:
                phone = rng.choice([digits, f"+91 {digits[:5]} {digits[5:]}", f"0{digits}"])
                previous.append(phone)
            w.writerow([phone, f"Lead {i}", rng.choice(["Pune", "Delhi", "Goa"]), i * 1000])
    return path


def valid_phones(path: Path, region: str = "IN") -> set[str]:
    """The E.164 numbers that should reach DialNexa from ``path``, decided by phonenumbers.

    Independent of leadprep: the ``Phone Number`` column read with the csv
    module, each cell parsed by phonenumbers in ``region`` and kept if valid and of
    that region (the default telephony config enables only the default region)."""
    wanted: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                number = phonenumbers.parse(row["Phone Number"], region)
            except phonenumbers.NumberParseException:
                continue
            if (
                phonenumbers.is_valid_number(number)
                and phonenumbers.region_code_for_number(number) == region
            ):
                wanted.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return wanted


def sandbox_leads(db: Path, campaign: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT phone_number FROM leads WHERE campaign_id = ?", (campaign,)
            )
        ]


def sandbox_uploads(db: Path) -> list[tuple[str, int, int]]:
    """(file sha256, status code, leads created) for every upload the sandbox received."""
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT sha256, status_code, leads_created FROM uploads"))


def acknowledged_shas(ledger: Path) -> set[str]:
    with sqlite3.connect(ledger) as conn:
        return {
            r[0] for r in conn.execute("SELECT sha256 FROM chunks WHERE status = 'acknowledged'")
        }


def assert_no_acknowledged_chunk_sent_twice(sandbox_db: Path, acknowledged: set[str]) -> None:
    """Each chunk the ledger saw acknowledged reached the server exactly once."""
    sent = [sha for sha, status, _ in sandbox_uploads(sandbox_db) if status == 201]
    twice = {sha for sha in acknowledged if sent.count(sha) > 1}
    assert not twice, f"{len(twice)} acknowledged chunks were sent again"


def mobile(i: int) -> str:
    """The ``i``-th of a series of distinct valid Indian mobiles (10 digits) none of which
    looks like a placeholder for ``i`` below 100,000 (``9800000000 + i`` would: runs of
    zeros)."""
    return f"98{(i * 7_919 + 31_415_926) % 10**8:08d}"
