"""``phone_recovered``: a phone a spreadsheet or pandas wrote as a number, every digit kept.

``9876543210.0`` (pandas) or ``9.876543212E+09`` (a spreadsheet) still holds every
digit — a whole number with ``.0``, or scientific notation whose mantissa holds as
many digits as the exponent says the number has — and is read as those digits,
with a warning. ``9.87654E+09`` stands for ``9876540000`` only as far as anyone
can tell: its last digits are gone (``phone_precision_lost``, decided later).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..._strings import rows_holding
from ...findings import Messages, WarningKind
from .._lot import Lot
from .._rule import Rule

#: The most digits a phone number has (ITU-T E.164), not a DialNexa limit.
E164_DIGITS = 15
#: Cells that may be a phone written as a number (checked exactly in Python).
_AS_NUMBER = r"^\+?[0-9]{6,15}\.0+$|^[0-9]\.[0-9]+[eE]\+?[0-9]{1,2}$"
_DECIMAL = re.compile(r"^(\+?)([0-9]{6,15})\.0+$")
_SCIENTIFIC = re.compile(r"^([0-9])\.([0-9]+)[eE]\+?([0-9]{1,2})$")


class PhoneRecovered(WarningKind):
    code = "phone_recovered"
    description = (
        "A phone written as a number with all its digits (9876543210.0, 9.876543212E+09): "
        "read as those digits."
    )
    template = "{value!r} was written as a number; read as {digits}"
    hint = "nothing lost; format the column as Text in the source to keep it as written"


class Recovered(Rule):
    kinds = (PhoneRecovered,)

    def check(self, lot: Lot) -> None:
        """Replace each recoverable cell by its digits; warn on each."""
        import pyarrow as pa
        import pyarrow.compute as pc

        text = lot.text
        # Both forms hold a '.': one plain search finds the few cells worth a regex.
        dotted = rows_holding(text, ord("."))
        if not len(dotted):
            return
        maybe = pc.match_substring_regex(text.take(pa.array(dotted)), _AS_NUMBER)
        at = dotted[maybe.to_numpy(zero_copy_only=False)]
        cells = text.take(pa.array(at)).to_pylist()
        digits = [digits_of(cell) for cell in cells]
        keep = [i for i, d in enumerate(digits) if d is not None]
        if not keep:
            return
        at = at[keep]
        mask = np.zeros(len(text), dtype=bool)
        mask[at] = True
        values = np.array([cells[i] for i in keep], dtype=object)
        lot.remember_written(at, values)
        found = [digits[i] for i in keep]
        lot.text = pc.replace_with_mask(  # in Arrow: no Python string per cell
            text, pa.array(mask), pa.array(found, pa.string())
        )
        lot.warn(PhoneRecovered, at, values, Messages(_message, (values, np.array(found, object))))


def _message(value: str, digits: Any) -> str:
    return PhoneRecovered.message(value=value, digits=digits)


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
