"""``contact_cap_reached``: the ledger shows the number uploaded ``N`` times in the last
``DAYS`` days, to any campaign (``--max-contacts N/DAYS``): skipped.

What counts is each upload DialNexa acknowledged, whichever campaign it went to
(``upload`` reads the counts from its ledger before the file is checked).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...findings import Cell, SkipKind
from .._context import Context
from .._lot import Lot
from .._rule import Rule


class ContactCapReached(SkipKind):
    code = "contact_cap_reached"
    description = (
        "The ledger shows the number uploaded N times or more in the last DAYS days, to any "
        "campaign (--max-contacts N/DAYS)."
    )
    template = "{e164} was uploaded {reason}"
    hint = "contacted enough for now; it can go out again once the period has passed"

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        return cls.message(e164=cell.e164, reason=cell.reason)


class ContactCap(Rule):
    kinds = (ContactCapReached,)

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return context.contacted is not None

    def check(self, lot: Lot) -> None:
        contacted = self.context.contacted
        if contacted is None or not len(lot.open):
            return
        counts = contacted.counts_of(lot.key[lot.open])
        hit = counts > 0
        if hit.any():
            cap = contacted.cap
            reasons = np.array(
                [
                    f"{n} times in the last {cap.days} days (at most {cap.contacts}: "
                    f"--max-contacts {cap})"
                    for n in counts[hit].tolist()
                ],
                dtype=object,
            )
            lot.leave_out(hit, ContactCapReached.code, reasons)
