"""Do-not-call lists (``--suppress FILE``): numbers read exactly as leads are, kept as
sorted integer keys, each list with its audit record.

A list may be what registries and CRMs export: a single column of numbers with or
without a header (a headerless list's first number is data), a CSV/XLSX/XLS whose
phone column has any phone-like name (``phone_number``, ``Mobile``, ``MSISDN``…),
or a text file of one number per line; the numbers in any writing the lead
reader takes (``+91 98123 45670``, ``098123-45670``, ``919812345670``). Entries
that are not valid numbers are counted as ignored.

The numbers are held as a sorted NumPy array of E.164 keys: a million take 8 MB,
and a batch of leads is looked up with one :func:`numpy.searchsorted` — no
Python string per number. Each list's :meth:`SuppressionList.audit` is what every
report records of it: path, SHA-256, numbers read, age in days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .._exceptions import FileRejected, UsageError
from .._types import BoolArray, IntArray, distinct
from ..normalise import PhoneNormaliser, e164_key, is_phone_name, normalise_header
from ..read import arrow_column, open_table
from ..settings import file_digest

_DAY_S = 86_400.0


@dataclass(frozen=True)
class SuppressionList:
    """One do-not-call list (or several, :func:`merged`): its numbers and its record."""

    #: the distinct numbers, as sorted E.164 integer keys
    keys: IntArray
    ignored: int = 0
    #: each list's audit record (one per file)
    records: tuple[dict[str, Any], ...] = field(default=())

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, e164: object) -> bool:
        if not isinstance(e164, str) or not e164.startswith("+"):
            return False
        return bool(self.hits(np.array([e164_key(e164)], dtype=np.int64))[0])

    def hits(self, keys: IntArray) -> BoolArray:
        """Which of ``keys`` are on the list."""
        if not len(self.keys):
            return np.zeros(len(keys), dtype=bool)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found: BoolArray = self.keys[at] == keys
        return found

    def stale(self, max_age_days: int) -> list[dict[str, Any]]:
        """The records of the lists older than ``max_age_days``."""
        return [r for r in self.records if r["age_days"] > max_age_days]


def load_suppression(
    path: str | Path, normaliser: PhoneNormaliser, *, now: dt.datetime | None = None
) -> SuppressionList:
    """Read the do-not-call list at ``path`` (a :class:`UsageError` if it cannot be read)."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"the suppression list {path} does not exist", hint="check the path")
    try:
        keys, ignored = _read(path, normaliser)
        modified = path.stat().st_mtime
    except FileRejected as exc:
        raise UsageError(
            f"cannot read the suppression list {path}: {exc.message}",
            hint="pass a list of numbers, or a CSV/XLSX with a phone column",
        ) from exc
    except OSError as exc:
        raise UsageError(
            f"cannot read the suppression list {path}: {exc.strerror}", hint="check the path"
        ) from exc
    unique = distinct(keys)
    when = dt.datetime.fromtimestamp(modified, tz=dt.UTC)
    age = max(0.0, ((now or dt.datetime.now(tz=dt.UTC)) - when).total_seconds() / _DAY_S)
    record = {
        "path": str(path),
        "sha256": file_digest(path),
        "numbers": len(unique),
        "ignored": ignored,
        "modified": when.isoformat(timespec="seconds"),
        "age_days": round(age, 1),
    }
    return SuppressionList(keys=unique, ignored=ignored, records=(record,))


def _read(path: Path, normaliser: PhoneNormaliser) -> tuple[IntArray, int]:
    """The valid numbers' keys (with repeats) and how many entries were not numbers."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys: list[IntArray] = []
    ignored = 0

    def add(texts: Any) -> None:
        nonlocal ignored
        texts = texts.filter(pc.not_equal(texts, ""))
        answers = normaliser(texts)
        keys.append(answers.key[answers.key > 0])
        ignored += int((answers.key == 0).sum())

    with open_table(path) as table:
        header = table.header
        names = [normalise_header(h) for h in header]
        col = next((i for i, n in enumerate(names) if is_phone_name(n)), None)
        if col is None:  # a bare list: its first column; its "header" may be a number
            col = next((i for i, h in enumerate(header) if h.strip()), 0)
            if header and normaliser(pa.array([header[col]])).key[0] > 0:
                add(pa.array([header[col]]))
        for batch in table.batches():
            add(arrow_column(batch.frame[col]))
    return (np.concatenate(keys) if keys else np.empty(0, dtype=np.int64)), ignored


def merged(lists: list[SuppressionList]) -> SuppressionList:
    """Several do-not-call lists as one (each keeps its record)."""
    if len(lists) == 1:
        return lists[0]
    return SuppressionList(
        keys=distinct(np.concatenate([s.keys for s in lists])),
        ignored=sum(s.ignored for s in lists),
        records=tuple(r for s in lists for r in s.records),
    )
