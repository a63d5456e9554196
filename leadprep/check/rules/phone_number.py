"""``invalid_phone_number``: phonenumbers does not take the cell as a valid number.

Every open row's phone is read by the run's :class:`~leadprep.normalise.PhoneNormaliser`
(phonenumbers' exact answer, mostly column-wise); valid numbers get their E.164
key and region, the others their reason.
"""

from __future__ import annotations

import re
from typing import Any

from ...findings import Cell, RowKind
from ...normalise import INVALID
from .._lot import Lot
from .._rule import Rule


class InvalidPhoneNumber(RowKind):
    code = INVALID
    description = "phonenumbers does not accept it as a valid number (default region applied)."
    template = "{text!r} is not a valid phone number{read_as}: {reason}"
    hint = (
        "correct the number; numbers from outside the default region "
        "need their country code (+44…), or set --default-region"
    )

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        read_as = (
            ""
            if cell.text.lstrip().startswith("+")
            else f" (read with default region {context.region})"
        )
        return cls.message(
            text=cell.text, read_as=read_as, reason=cell.reason + _what_it_looks_like(cell.text)
        )


class PhoneNumber(Rule):
    kinds = (InvalidPhoneNumber,)

    def check(self, lot: Lot) -> None:
        at = lot.open
        answers = self.context.phones(lot.open_texts())
        lot.key[at], lot.region[at] = answers.key, answers.region
        lot.reason[at] = answers.reason
        bad = answers.key == 0
        lot.code[at[bad]] = answers.code[bad]  # invalid, or digits lost (scientific notation)
        lot.open = at[~bad]


#: Two phone numbers in one cell: ``98765 43213 / 98123 45678``.
_TWO_NUMBERS = re.compile(r"[0-9][0-9 ().-]{6,}[0-9]\s*(?:[/,;|&]|\bor\b|\band\b)\s*\+?[0-9]")


def _what_it_looks_like(text: str) -> str:
    """A word on the likely cause, for shapes a person recognises at once."""
    if _TWO_NUMBERS.search(text):
        return " — it looks like two numbers in one cell: keep one per row"
    return ""
