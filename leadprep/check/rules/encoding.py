"""``invalid_encoding``: a UTF-8 file's row holds bytes that are not UTF-8 (read as �)."""

from __future__ import annotations

from ...findings import WarningKind
from .._lot import Lot
from .._rule import Rule
from ._cells import warn_cells


class InvalidEncoding(WarningKind):
    code = "invalid_encoding"
    description = "A UTF-8 file holds a few bytes that are not UTF-8; each is read as U+FFFD (�)."
    template = "column {column!r} holds bytes that are not UTF-8, read as �: {value!r}"
    hint = "the rest of the file is read as UTF-8; fix these cells, or re-export as CSV UTF-8"


class Encoding(Rule):
    kinds = (InvalidEncoding,)

    def check(self, lot: Lot) -> None:
        warn_cells(lot, lot.batch.undecodable, InvalidEncoding)
