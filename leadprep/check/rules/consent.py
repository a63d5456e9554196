"""``no_consent``: the consent column (``--consent-column``) does not say yes: left out.

A yes is, ignoring case and the spaces around it: ``yes``, ``y``, ``true``, ``1``,
``opted in``, or a date — ISO 8601 (``2026-03-14``, ``2026-03-14T10:30:00+05:30``)
or ``dd/mm/yyyy`` (``14/03/2026``), a real day of the calendar. Nothing else:
not ``no``, not a blank, not ``opted out``, not ``12/31/2026`` (there is no
31st month), not ``maybe``. A consent column is usually a handful of distinct
values, so each distinct cell is judged once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import numpy as np

from ...findings import Cell, RowKind
from ...settings import CONSENT_COLUMN
from .._context import Context
from .._lot import Lot
from .._rule import Rule

#: The words that say yes (lower case).
YES = frozenset({"yes", "y", "true", "1", "opted in"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(z|[+-]\d{2}:?\d{2})?"
)
_DMY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


@functools.lru_cache(maxsize=65536)
def says_yes(cell: str) -> bool:
    """Does a consent cell say the lead agreed (see the module's list)?"""
    text = cell.strip().lower()
    if text in YES:
        return True
    try:
        if _ISO_DATE.fullmatch(text):
            dt.date.fromisoformat(text)
        elif _ISO_TIME.fullmatch(text):
            dt.datetime.fromisoformat(text.upper())
        elif _DMY.fullmatch(text):
            dt.datetime.strptime(text, "%d/%m/%Y")
        else:
            return False
    except ValueError:  # (the shape of a date, not a day of the calendar)
        return False
    return True


class NoConsent(RowKind):
    code = "no_consent"
    description = (
        "The consent column (--consent-column) does not say yes: yes, y, true, 1, opted in "
        "or a date (ISO 8601 or dd/mm/yyyy)."
    )
    template = "{e164} has no consent to be called: {reason}"
    hint = (
        "leave the lead out, or record its consent in the column (yes, y, true, 1, "
        "opted in, or the date it was given)"
    )

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        return cls.message(e164=cell.e164 or cell.text, reason=cell.reason)


class Consent(Rule):
    kinds = (NoConsent,)

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return context.settings[CONSENT_COLUMN] is not None

    def check(self, lot: Lot) -> None:
        position = self.plan.consent_position
        if position is None or not len(lot.open):
            return
        cells = lot.batch.frame.values(position)[lot.open]
        unique, inverse = np.unique(cells.astype(str), return_inverse=True)
        yes = np.fromiter((says_yes(c) for c in unique.tolist()), bool, count=len(unique))
        hit = ~yes[inverse.reshape(-1)]
        if hit.any():
            column = self.plan.original[position].strip()
            reasons = np.array([_why(column, c) for c in cells[hit].tolist()], dtype=object)
            lot.leave_out(hit, NoConsent.code, reasons)


def _why(column: str, cell: str) -> str:
    if not cell.strip():
        return f"its {column!r} cell is blank"
    return f"its {column!r} cell says {cell.strip()!r}, which is not a yes or a date"
