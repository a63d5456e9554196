"""``phone_precision_lost``: the spreadsheet stored the phone as a number and its digits
are gone — an Excel number of more than 15 digits, or text in scientific notation
that does not hold every digit (``9.87654E+09``; the phone normaliser says so)."""

from __future__ import annotations

from ...findings import RowKind
from ...normalise import LOST
from .._lot import Lot
from .._rule import Rule


class PhonePrecisionLost(RowKind):
    code = LOST
    description = "The spreadsheet stored the phone as a number and its digits are gone."
    template = "{text!r} has lost digits: {reason}"
    hint = (
        "the spreadsheet stored the phone as a number and rounded it; "
        "format the column as Text in the source and re-export"
    )


class PrecisionLost(Rule):
    """Excel's rounded numbers (scientific notation is the phone rule's: it reads the text)."""

    kinds = (PhonePrecisionLost,)

    def check(self, lot: Lot) -> None:
        if lot.lossy is not None:
            lot.leave_out(
                lot.lossy[lot.open],
                PhonePrecisionLost.code,
                "stored as a number with more than 15 digits; Excel rounded it",
            )
