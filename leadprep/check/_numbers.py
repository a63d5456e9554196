"""Phones written as numbers, and numbers that are placeholders — column-wise.

*Recovered*: a spreadsheet or pandas that stored the phone as a number writes
``9876543210.0`` or ``9.876543212E+09``. When every digit is still there — a
whole number with ``.0``, or scientific notation whose mantissa holds as many
digits as the exponent says the number has — the cell is read as those digits
(``phone_recovered``). ``9.87654E+09`` stands for ``9876540000`` only as far as
anyone can tell: its last digits are gone, and it stays ``phone_precision_lost``.

*Placeholders* (``suspicious_number``): the last nine digits of a valid number
are one digit repeated (``9999999999``, ``9000000000``) or a run up or down
(``9876543210``, ``9123456789``). Real numbers like that are rare enough (a few
in a hundred million) that each deserves a look before an agent dials it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._types import BoolArray, IntArray, ObjArray

#: The most digits a phone number has (ITU-T E.164), not a DialNexa limit.
E164_DIGITS = 15
#: Cells that may be a phone written as a number (checked exactly in Python).
_AS_NUMBER = r"^\+?[0-9]{6,15}\.0+$|^[0-9]\.[0-9]+[eE]\+?[0-9]{1,2}$"
_DECIMAL = re.compile(r"^(\+?)([0-9]{6,15})\.0+$")
_SCIENTIFIC = re.compile(r"^([0-9])\.([0-9]+)[eE]\+?([0-9]{1,2})$")


@dataclass(frozen=True)
class Recovered:
    """Which rows were recovered, and their cells as written."""

    mask: BoolArray
    original: ObjArray


def digits_of(text: str) -> str | None:
    """The digits a number-formatted phone stood for, or ``None`` if some are lost."""
    decimal = _DECIMAL.match(text)
    if decimal:
        return decimal.group(1) + decimal.group(2)
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        lead, rest, exponent = scientific.groups()
        mantissa = lead + rest
        if len(mantissa) == int(exponent) + 1 and 6 <= len(mantissa) <= E164_DIGITS:
            return mantissa
    return None


def recover_numbers(text: Any) -> tuple[Any, Recovered | None]:
    """``text`` (a pyarrow string array) with each recoverable cell replaced by its
    digits, and which those were (``None`` when there were none)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    maybe = pc.match_substring_regex(text, _AS_NUMBER)
    if not pc.any(maybe).as_py():
        return text, None
    at = np.flatnonzero(maybe.to_numpy(zero_copy_only=False))
    cells = text.take(pa.array(at)).to_pylist()
    digits = [digits_of(cell) for cell in cells]
    keep = [i for i, d in enumerate(digits) if d is not None]
    if not keep:
        return text, None
    n = len(text)
    mask = np.zeros(n, dtype=bool)
    mask[at[keep]] = True
    original = np.full(n, "", dtype=object)
    original[at[keep]] = [cells[i] for i in keep]
    replaced = text.to_numpy(zero_copy_only=False).copy()
    replaced[at[keep]] = [digits[i] for i in keep]
    return pa.array(replaced, pa.string()), Recovered(mask, original)


#: The last digits looked at, and the digit positions' powers of ten.
_TAIL = 9
_POWERS = 10 ** np.arange(_TAIL, dtype=np.int64)


def placeholder(keys: IntArray) -> ObjArray:
    """For E.164 integer keys: why each looks like a placeholder, or ``""``."""
    out = np.full(len(keys), "", dtype=object)
    if not len(keys):
        return out
    digits = (keys[:, None] // _POWERS[None, :]) % 10  # least significant first
    steps = np.diff(digits, axis=1) % 10  # each digit minus the one after it, mod 10
    same = (steps == 0).all(axis=1)
    down = (steps == 1).all(axis=1)  # read left to right: each digit one less (9876…)
    up = (steps == 9).all(axis=1)  # … one more (1234…)
    long_enough = keys >= 10**_TAIL
    out[same & long_enough] = "one digit repeated"
    out[(up | down) & long_enough & ~same] = "a run of consecutive digits"
    return out
