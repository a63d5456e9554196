"""``empty_variable_value``: a ``{{variable}}`` the agent prompt uses is blank on a row
that goes out (``--prompt FILE``)."""

from __future__ import annotations

import functools

import numpy as np

from ..._types import blank_texts
from ...findings import Messages, RowFindings, WarningKind
from .._context import Context
from .._lot import Lot
from .._rule import Rule


class EmptyVariableValue(WarningKind):
    code = "empty_variable_value"
    description = "A variable the prompt uses is blank on this row."
    template = "{{{{{var}}}}} is blank on this row"
    hint = "the agent will see a blank for this variable on these rows"


class EmptyVariable(Rule):
    kinds = (EmptyVariableValue,)

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return bool(context.prompt_variables)

    def finish(self, lot: Lot) -> None:
        import pyarrow.compute as pc

        valid, rows = lot.outgoing, lot.rows[lot.open]
        for var in self.context.prompt_variables:
            if var not in valid.column_names:
                continue
            blank = np.flatnonzero(pc.equal(valid.column(var), "").to_numpy(zero_copy_only=False))
            if len(blank):
                lot.warnings.append(
                    RowFindings(
                        code=np.full(len(blank), EmptyVariableValue.code, dtype=object),
                        row=rows[blank],
                        column=var,
                        value=blank_texts(len(blank)),
                        describe=Messages(functools.partial(_message, var)),
                    )
                )


def _message(var: str) -> str:
    return EmptyVariableValue.message(var=var)
