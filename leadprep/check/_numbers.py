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

from .._strings import rows_holding
from .._types import BoolArray, IntArray, ObjArray, blank_texts

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

    # Both forms hold a '.': one plain search finds the few cells worth a regex.
    dotted = rows_holding(text, ord("."))
    if not len(dotted):
        return text, None
    maybe = pc.match_substring_regex(text.take(pa.array(dotted)), _AS_NUMBER)
    at = dotted[maybe.to_numpy(zero_copy_only=False)]
    if not len(at):
        return text, None
    cells = text.take(pa.array(at)).to_pylist()
    digits = [digits_of(cell) for cell in cells]
    keep = [i for i, d in enumerate(digits) if d is not None]
    if not keep:
        return text, None
    n = len(text)
    mask = np.zeros(n, dtype=bool)
    mask[at[keep]] = True
    original = blank_texts(n)
    original[at[keep]] = [cells[i] for i in keep]
    replaced = pc.replace_with_mask(  # in Arrow: no Python string per cell
        text, pa.array(mask), pa.array([digits[i] for i in keep], pa.string())
    )
    return replaced, Recovered(mask, original)


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
