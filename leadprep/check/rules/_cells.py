"""Warnings about cells of any column, one per row (shared by the cell rules)."""

from __future__ import annotations

import functools

import numpy as np

from ..._types import BoolArray, distinct
from ...findings import Kind, Messages, RowFindings
from .._lot import Lot


def warn_cells(lot: Lot, flagged: dict[int, BoolArray], kind: type[Kind]) -> None:
    """Warnings of ``kind``, one per row with a flagged cell, naming the first one
    (``flagged``: column position → mask). The rows are uploaded all the same."""
    if not flagged:
        return
    batch, plan = lot.batch, lot.plan
    first = np.full(len(batch), -1, dtype=np.int64)
    for position in sorted(flagged):
        first[flagged[position] & (first < 0)] = position
    for position in distinct(first[first >= 0]).tolist():
        at = np.flatnonzero(first == position)
        column = plan.names.get(position, plan.original.get(position, ""))
        values = batch.frame.values(position)[at]
        lot.warnings.append(
            RowFindings(
                code=np.full(len(at), kind.code, dtype=object),
                row=batch.rows[at],
                column=column,
                value=values,
                describe=Messages(functools.partial(_message, kind, column), (values,)),
            )
        )


def _message(kind: type[Kind], column: str, value: str) -> str:
    return kind.message(column=column, value=value)
