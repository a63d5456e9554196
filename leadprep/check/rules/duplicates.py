"""``duplicate_phone_number``: the same number as an earlier row, which is kept.

Decided in file order across batches (``--allow-duplicates`` turns it off): the
first row with a number goes out, every later one names it. Numbers left out by
the rules before (suppressed, already uploaded) are not counted, so a duplicate
always names a row that is actually uploaded.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._types import IntArray
from ...findings import Cell, RowKind
from .._context import Context
from .._lot import Lot
from .._rule import Rule


class DuplicatePhoneNumber(RowKind):
    code = "duplicate_phone_number"
    description = "The same E.164 number as an earlier row, which is kept."
    template = "same number as row {first_row} ({e164}), which is kept"
    hint = "the first occurrence is kept; remove the repeats, or pass --allow-duplicates"

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        return cls.message(first_row=cell.reason, e164=cell.e164)


#: A batch's distinct keys, where each first occurs, and each key's distinct index.
Groups = tuple[IntArray, IntArray, IntArray]


def group_keys(keys: IntArray) -> Groups:
    """``np.unique`` of ``keys`` with first indices and the inverse."""
    unique, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return unique, first_index, inverse.ravel()


class Duplicates(Rule):
    kinds = (DuplicatePhoneNumber,)

    def __init__(self, context: Context, plan: Any) -> None:
        super().__init__(context, plan)
        self.seen = SeenNumbers()

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return not context.allow_duplicates

    def check(self, lot: Lot) -> None:
        # (the grouping needs no other batch: a worker does it)
        lot.notes["groups"] = group_keys(lot.key[lot.open]) if len(lot.open) else None

    def finish(self, lot: Lot) -> None:
        if not len(lot.open):
            return
        rows = lot.rows[lot.open]
        first = self.seen.first_rows(lot.key[lot.open], rows, lot.notes.get("groups"))
        repeat = first != rows
        lot.leave_out(repeat, DuplicatePhoneNumber.code, first[repeat].astype(str).astype(object))


class SeenNumbers:
    """Every kept number so far and the row it was first kept on — compactly.

    E.164 numbers are at most 15 digits, so each is stored as an ``int64`` key in
    a sorted array beside its first row: 12 bytes a number, where a Python set of
    strings takes ~100. A 10M-row file's index stays around 120 MB.
    """

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.rows = np.empty(0, dtype=np.int32)  # row numbers fit: 12 bytes a number

    def first_rows(self, keys: IntArray, rows: IntArray, groups: Groups | None = None) -> IntArray:
        """For each number (an E.164 integer key), the row it was first seen on
        (its own row if new); remember them. ``groups``: :func:`group_keys` of
        ``keys``, when worked out already (it needs no other batch)."""
        unique, first_index, inverse = groups if groups is not None else group_keys(keys)
        first = rows[first_index]
        # where each would go among the numbers kept so far (np.unique sorts them)
        where = np.searchsorted(self.keys, unique)
        if len(self.keys):
            at = where.clip(max=len(self.keys) - 1)
            known = self.keys[at] == unique
            first = np.where(known, self.rows[at], first)
            new = ~known
        else:
            new = np.ones(len(unique), dtype=bool)
        if new.any():
            self._merge(where[new], unique[new], first[new])
        result: IntArray = first[inverse]
        return result

    def _merge(self, where: IntArray, keys: IntArray, rows: IntArray) -> None:
        """Put sorted new ``keys`` (first seen on ``rows``) in at ``where``: one linear
        merge for both arrays (what ``np.insert`` does, but once, not per array)."""
        size = len(self.keys) + len(keys)
        slots = where + np.arange(len(keys))  # each new key's place in the merged array
        old = np.ones(size, dtype=bool)
        old[slots] = False
        merged_keys = np.empty(size, dtype=np.int64)
        merged_rows = np.empty(size, dtype=np.int32)
        merged_keys[old], merged_rows[old] = self.keys, self.rows
        merged_keys[slots], merged_rows[slots] = keys, rows
        self.keys, self.rows = merged_keys, merged_rows
