"""``extra_cells``: a CSV row with more cells than the header (an unquoted comma, as
``Sales,Marketing`` in a last ``groups`` column). The cells past the header are
never uploaded as columns without a name, and never fail the file; the row goes out
with its own cells, and the warning names what was set aside."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...findings import Messages, WarningKind
from .._lot import Lot
from .._rule import Rule


class ExtraCells(WarningKind):
    code = "extra_cells"
    description = "A CSV row has more cells than the header; the cells past it are not uploaded."
    template = "the row has cells past the header's last column {column!r}: {value!r}, not uploaded"
    hint = (
        "a cell holds an unquoted comma (Sales,Marketing): quote it in the source, or check "
        "what was cut off"
    )


class Extra(Rule):
    kinds = (ExtraCells,)

    def check(self, lot: Lot) -> None:
        if lot.batch.extra is None:
            return
        at, cells = lot.batch.extra
        last = max(self.plan.original)
        column = self.plan.original[last].strip()
        names = np.full(len(at), column, dtype=object)
        lot.warn(ExtraCells, at, cells, Messages(_message, (names, cells)), column=column)


def _message(column: str, value: Any) -> str:
    return ExtraCells.message(column=column, value=value)
