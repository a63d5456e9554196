"""``suspicious_number``: a valid number that is an obvious placeholder — left out.

Looked at on the number's last ten digits (and on the nine after the first, which
is often a fixed series digit):

* one digit repeated, or all but one (``9999999999``, ``9000000000``);
* a run up or down, or all but one digit of one (``9876543210``, ``9876543211``,
  ``1234567891``; a run may wrap 9 → 0: ``7890123456``);
* a short pattern repeated (``9898989898``, ``1212121212``, ``123123123``) or two
  halves of one digit each (``1111122222``);
* numbers reserved for fiction or examples: North America's 555-0100 to 555-0199,
  the UK's drama numbers, Australia's.

A random valid Indian mobile is caught about once in 100,000 (``tests/test_rule_
placeholder.py`` measures it). ``--allow-suspicious`` uploads them, with a warning.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..._types import IntArray, ObjArray
from ...findings import Cell, Messages, RowKind
from ...normalise import POW10, e164_text
from .._context import Context
from .._lot import Lot
from .._rule import Rule


class SuspiciousNumber(RowKind):
    code = "suspicious_number"
    description = (
        "A valid number that is an obvious placeholder: a digit repeated, a run, a short "
        "pattern, or a number reserved for fiction. Left out unless --allow-suspicious."
    )
    template = "{e164} looks like a placeholder ({why}): it would call a stranger, or no one"
    hint = (
        "put the lead's real number in; --allow-suspicious uploads such numbers, with a "
        "warning, if they are real"
    )

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        return cls.message(e164=cell.e164, why=cell.reason)


class Placeholder(Rule):
    kinds = (SuspiciousNumber,)

    def check(self, lot: Lot) -> None:
        at, why = placeholder(lot.key[lot.open])
        if self.context.allow_suspicious:
            lot.notes["placeholder"] = (lot.open[at], why)
            return
        hit = np.zeros(len(lot.open), dtype=bool)
        hit[at] = True
        reasons = np.empty(len(lot.open), dtype=object)
        reasons[at] = why
        lot.leave_out(hit, SuspiciousNumber.code, reasons[hit])

    def finish(self, lot: Lot) -> None:
        """With --allow-suspicious: a warning on each such row that goes out."""
        if not self.context.allow_suspicious:
            return
        at, why = lot.notes["placeholder"]
        kept = np.isin(at, lot.open)
        at, why = at[kept], why[kept]
        e164 = e164_text(lot.key[at])
        describe = Messages(_message, (e164, why))
        lot.warn(SuspiciousNumber, at, lot.cells(at), describe, level="warning")

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return True


def _message(e164: str, why: str) -> str:
    return SuspiciousNumber.message(e164=e164, why=why)


#: Ranges reserved for fiction: (E.164 digits they start with, how many digits in all).
FICTION = (
    *((int(f"44{p}"), 12) for p in ("7700900", "1632960", "2079460", "2896496", "2920180")),
    *((int(f"44{area}4960"), 12) for area in ("113", "114", "115", "116", "117", "118")),
    *((int(f"44{area}4960"), 12) for area in ("121", "131", "141", "151", "161")),
    (441914980, 12),
    (61491570, 11),
    *((int(f"61{p}"), 11) for p in ("25550", "37010", "75550", "87010")),
)


def placeholder(keys: IntArray) -> tuple[IntArray, ObjArray]:
    """For E.164 integer keys: the positions of those that look like a placeholder, and
    why each does.

    Cheap first: any such number's last six digits are within one digit of a repeat,
    a run or a two-digit pattern, or repeat a three- or four-digit one (a table
    lookup: ~6 in 100 pass); only those are taken apart digit by digit."""
    length = np.searchsorted(POW10, keys, side="right")  # digits in each key
    maybe = np.flatnonzero(_sieve()[keys % 1_000_000] & (length >= 11))
    found = np.full(len(maybe), "", dtype=object)
    if len(maybe):
        digits = _digits(keys[maybe], 10)  # the last ten, most significant first
        tail = np.minimum(10, length[maybe] - 2)
        for width in (10, 9):
            usable = tail >= width
            part = digits[:, 10 - width :]
            found[usable & (found == "") & _repeated(part)] = "one digit repeated"
            found[usable & (found == "") & _run(part)] = "a run of consecutive digits"
            found[usable & (found == "") & _pattern(part)] = "a short pattern repeated"
    fiction = np.flatnonzero(_fiction(keys, length))
    at = np.concatenate([maybe[found != ""], fiction])
    why = np.concatenate([found[found != ""], np.full(len(fiction), _FICTION, dtype=object)])
    at, first = np.unique(at, return_index=True)  # (in key order; a fiction may be a run)
    return at, why[first]


#: Why a number from a fiction range is left out.
_FICTION = "a number reserved for fiction"


@functools.cache
def _sieve() -> Any:
    """For each six digits: could they end a placeholder? Within one digit of a repeat,
    a run up or down or a two-digit pattern, or a three- or four-digit pattern."""
    near = {
        "".join(str((a + i * step) % 10) for i in range(6)) for a in range(10) for step in (0, 1, 9)
    }
    near |= {f"{a}{b}" * 3 for a in range(10) for b in range(10)}
    sieve = np.zeros(1_000_000, dtype=bool)
    for pattern in near:
        for place in range(6):
            for digit in "0123456789":
                sieve[int(pattern[:place] + digit + pattern[place + 1 :])] = True
    three = np.arange(1000)
    sieve[three * 1000 + three] = True
    four = np.arange(10_000)
    sieve[(four % 100) * 10_000 + four] = True  # …cd abcd: the last six of abcdabcd
    return sieve


def _digits(keys: IntArray, width: int) -> IntArray:
    """The last ``width`` digits of each key, one column each, most significant first."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    out: IntArray = (keys[:, None] // powers[None, :]) % 10
    return out


def _all_but_one(values: IntArray) -> Any:
    """Are all of each row's values the same, but for one at most? (Then the first or
    the second value is the common one.)"""
    need = values.shape[1] - 1
    first = (values == values[:, :1]).sum(axis=1)
    second = (values == values[:, 1:2]).sum(axis=1)
    return (first >= need) | (second >= need)


def _repeated(part: IntArray) -> Any:
    """One digit, or all but one of them the same digit."""
    return _all_but_one(part)


def _run(part: IntArray) -> Any:
    """Consecutive digits up or down (wrapping 9 → 0), all but one digit at most."""
    step = np.arange(part.shape[1], dtype=np.int64)
    return _all_but_one((part - step) % 10) | _all_but_one((part + step) % 10)


def _pattern(part: IntArray) -> Any:
    """A two-digit pattern repeated throughout (all but one digit), a three- or
    four-digit one exactly, or two halves of one digit each. (A longer pattern repeats
    by chance too often: once in 10,000 for five digits of nine.)"""
    width = part.shape[1]
    found = (part[:, 2:] != part[:, :-2]).sum(axis=1) <= 1
    for period in (3, 4):
        found |= (part[:, period:] == part[:, :-period]).all(axis=1)
    half = width // 2
    halves = (part[:, :half] == part[:, :1]).all(axis=1) & (
        part[:, half:] == part[:, half : half + 1]
    ).all(axis=1)
    return found | halves


def _fiction(keys: IntArray, length: IntArray) -> Any:
    """North America's 555-01xx (any area code), and the listed ranges."""
    lead = keys // POW10[np.maximum(length - 2, 0)]  # the first two digits
    out = np.zeros(len(keys), dtype=bool)
    near = np.flatnonzero(((length == 11) & (lead // 10 == 1)) | (lead == 44) | (lead == 61))
    if not len(near):
        return out
    k, size = keys[near], length[near]
    hit = (size == 11) & (k // 10**10 == 1) & ((k // 100) % 100_000 == 55501)
    for prefix, total in FICTION:
        digits = len(str(prefix))
        hit |= (size == total) & (k // 10 ** (total - digits) == prefix)
    out[near] = hit
    return out
