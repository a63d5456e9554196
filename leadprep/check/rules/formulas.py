"""``formula_like_value``: a kept cell a spreadsheet would evaluate as a formula.

OWASP's CSV-injection rule: ``=`` or ``@`` first, or ``+``/``-`` first before
anything but a plain number or phone number (``+91 98765-43210`` and ``-12.5`` are
data; ``+cmd|' /C calc'!A0`` and ``-2+3`` are not). Leads go to DialNexa, not to
Excel, so such cells are uploaded as they are, with a warning on their row; the
errors file, which people open in Excel, neutralises them.
"""

from __future__ import annotations

from ...findings import WarningKind
from ...read import arrow_column
from .._formulas import formula_like
from .._lot import Lot
from .._rule import Rule
from ._cells import warn_cells


class FormulaLikeValue(WarningKind):
    code = "formula_like_value"
    description = "A cell a spreadsheet would evaluate as a formula; uploaded as it is."
    template = "column {column!r} starts like a formula: {value!r}"
    hint = (
        "uploaded unchanged (DialNexa does not evaluate it); check it is data, not an "
        "export artefact; the errors file neutralises such cells"
    )


class Formulas(Rule):
    kinds = (FormulaLikeValue,)

    def check(self, lot: Lot) -> None:
        flagged = {}
        for position in self.plan.names:
            if position != self.plan.phone_position:
                hits = formula_like(arrow_column(lot.batch.frame[position]))
                if hits.any():
                    flagged[position] = hits
        warn_cells(lot, flagged, FormulaLikeValue)
