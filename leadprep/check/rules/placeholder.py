"""``suspicious_number``: a valid number that looks like a placeholder.

The last nine digits of a valid number are one digit repeated (``9999999999``,
``9000000000``) or a run up or down (``9876543210``, ``9123456789``). Real numbers
like that are rare enough (a few in a hundred million) that each deserves a look
before an agent dials it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._types import IntArray, ObjArray
from ...findings import Messages, WarningKind
from ...normalise import e164_text
from .._lot import Lot
from .._rule import Rule


class SuspiciousNumber(WarningKind):
    code = "suspicious_number"
    description = "A valid number that looks like a placeholder: one digit repeated, or a run."
    template = "{e164} looks like a placeholder ({why}); uploaded as it is"
    hint = "check these leads: a placeholder number calls a stranger"


class Placeholder(Rule):
    kinds = (SuspiciousNumber,)

    def check(self, lot: Lot) -> None:
        lot.notes["placeholder"] = placeholder(lot.key)

    def finish(self, lot: Lot) -> None:
        """Warn on the rows that go out (the others have their own finding)."""
        at, why = lot.notes["placeholder"]
        kept = np.isin(at, lot.open)
        at, why = at[kept], why[kept]
        e164 = e164_text(lot.key[at])
        lot.warn(SuspiciousNumber, at, lot.cells(at), Messages(_message, (e164, why)))


def _message(e164: str, why: Any) -> str:
    return SuspiciousNumber.message(e164=e164, why=why)


#: The last digits looked at.
_TAIL = 9
#: For each last three digits: are they a repeat or a run? (the first, cheap sieve)
_THREE = np.array(
    [((n // 10 % 10 - n % 10) % 10) in (0, 1, 9) and
     (n // 100 - n // 10 % 10) % 10 == (n // 10 % 10 - n % 10) % 10 for n in range(1000)]
)  # fmt: skip


def placeholder(keys: IntArray) -> tuple[IntArray, ObjArray]:
    """For E.164 integer keys: the positions of those that look like a placeholder, and
    why each does.

    The last three digits sieve (a table lookup: 3 in 100 pass), then digit by digit
    from the right for the few left, so a batch costs about two array passes."""
    at = np.flatnonzero(_THREE[keys % 1000] & (keys >= 10**_TAIL))
    rest = keys[at] // 10
    last = keys[at] % 10
    step = (rest % 10 - last) % 10  # 0: repeat; 1: run down (…3210); 9: run up (…6789)
    for _ in range(1, _TAIL):
        if not len(at):
            break
        digit = rest % 10
        keep = (digit - last) % 10 == step
        at, rest, last, step = at[keep], rest[keep] // 10, digit[keep], step[keep]
    why = np.where(step == 0, "one digit repeated", "a run of consecutive digits").astype(object)
    return at, why
