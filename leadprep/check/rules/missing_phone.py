"""``missing_phone_number``: the phone cell is blank (in every phone column given)."""

from __future__ import annotations

import numpy as np

from ..._strings import byte_lengths
from ..._types import IntArray, ObjArray, blank_texts
from ...findings import RowKind
from .._lot import Lot
from .._rule import Rule


class MissingPhoneNumber(RowKind):
    code = "missing_phone_number"
    description = "The phone cell is blank."
    template = "the phone number is blank{reason}"
    hint = "fill in the phone number or delete the row"


class MissingPhone(Rule):
    kinds = (MissingPhoneNumber,)

    def check(self, lot: Lot) -> None:
        blank = byte_lengths(lot.open_texts()) == 0
        if blank.any() and self.plan.alternates:
            # another column whose name says phone has a number: say where
            lot.leave_out(blank, MissingPhoneNumber.code, self._elsewhere(lot, lot.open[blank]))
        else:
            lot.leave_out(blank, MissingPhoneNumber.code)

    def _elsewhere(self, lot: Lot, rows: IntArray) -> ObjArray:
        """For rows with a blank phone: where another phone column has a number
        (``"; column E 'Work Phone' has …"``), or ``""``."""
        out = blank_texts(len(rows))
        for position in self.plan.alternates:
            cells = lot.batch.frame.values(position)[rows]
            for i in np.flatnonzero((out == "") & (cells != "")).tolist():
                out[i] = (
                    f"; column {self.plan.describe(position)} has {cells[i]!r} "
                    f"(--phone-column {self.plan.with_fallback(position)} would use it)"
                )
        return out
