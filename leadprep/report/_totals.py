"""The reconciliation of an upload as plain numbers, and how a report words them.

Delivery works the numbers out (:func:`leadprep.delivery.reconcile`); a report
only renders them. Two equations must hold::

    rows_in_file = rows_valid + rows_invalid + rows_skipped
    rows_sent    = leads_created + leads_skipped + rows_rejected_by_api

and every valid row must be either sent or named as not sent. Each way the numbers
do not add up is a :class:`Difference`: what it is, and the figures it is about.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..dialnexa import FILE_CAP
from ._validation import plural, row_ranges


@dataclass(frozen=True)
class Difference:
    """One way the numbers of an upload do not add up (its figures in ``about``)."""

    kind: str
    about: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return _WORDS[self.kind](self.about)


def _chunks(indexes: list[int]) -> str:
    return ", ".join(str(i) for i in indexes[:12]) + (", …" if len(indexes) > 12 else "")


#: How each kind of difference is said.
_WORDS = {
    "file_unbalanced": lambda a: (
        f"rows in file {a['total']:,} ≠ valid + invalid + skipped {a['parts']:,}"
    ),
    "unplanned": lambda a: f"{a['valid']:,} valid rows but {a['planned']:,} planned or set aside",
    "oversized": lambda a: (
        f"{plural(len(a['rows']), 'row')} larger than the {FILE_CAP} upload limit on its own, "
        f"not sent: {row_ranges(a['rows'])}"
    ),
    "miscounted": lambda a: (
        f"chunk {a['chunk']}: sent {a['sent']:,} rows, the API accounted for "
        f"{a['answered']:,} (created {a['created']}, skipped {a['skipped']})"
    ),
    "unaccounted": lambda a: (
        f"chunk {a['chunk']} (rows {a['first']}-{a['last']}): {a['why']}; "
        "none of its rows is recorded as uploaded — rerun to send them again"
    ),
    "unacknowledged": lambda a: (
        f"chunk {a['chunk']} (rows {a['first']}-{a['last']}): {a['status']}, "
        f"{plural(a['rows'], 'row')} not acknowledged"
        + (" — rerun to resume" if a["status"] != "rejected" else "")
    ),
    "withheld": lambda a: (
        f"chunk {a['chunk']}: {plural(a['rows'], 'row')} withheld, already uploaded to this "
        "campaign by another run"
    ),
    "resent": lambda a: (
        f"{plural(len(a['chunks']), 'chunk')} in doubt and resent ({_chunks(a['chunks'])}): "
        f"the API skipped {plural(a['skipped'], 'row')} of them as already in the campaign — "
        "most likely created by the attempts whose answers were lost"
    ),
    "sent_unbalanced": lambda a: (
        f"rows sent {a['sent']:,} ≠ created + skipped + rejected {a['answered']:,}"
    ),
}


@dataclass(frozen=True)
class Reconciliation:
    """Every row of an upload, accounted for (the report's ``totals``)."""

    rows_in_file: int
    rows_valid: int
    rows_invalid: int
    rows_skipped: int
    rows_planned: int
    rows_oversized: int
    rows_sent: int
    leads_created: int
    leads_skipped: int
    rows_rejected_by_api: int
    rows_withheld: int
    rows_unsent: int
    chunks_total: int
    chunks_acknowledged: int
    chunks_in_doubt: int
    chunks_unaccounted: int
    file_balanced: bool
    sent_balanced: bool
    reconciled: bool
    differences: tuple[Difference, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["differences"] = [d.text() for d in self.differences]
        return data
