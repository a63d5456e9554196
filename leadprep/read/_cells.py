"""Excel cell values to the text a person sees, as spec §2 fixes it.

Whole numbers become their digits (``9876543210``, never ``9876543210.0``). A
number with more than 15 digits cannot be a phone Excel kept intact (Excel stores
15 significant digits), so it is flagged *lossy* and the phone check reports
``phone_precision_lost``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import cast

import numpy as np

#: Excel keeps 15 significant digits; any longer integer has been rounded.
EXCEL_DIGITS = 15


def excel_text(value: object) -> tuple[str, bool]:
    """Return ``(text, lossy)`` for one cell value from openpyxl or xlrd."""
    if value is None:
        return "", False
    if isinstance(value, str):
        return value, False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int):
        text = str(value)
        return text, len(text.lstrip("-")) > EXCEL_DIGITS
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value), False
        if value.is_integer():
            text = str(int(value))
            return text, len(text.lstrip("-")) > EXCEL_DIGITS
        return f"{value:.15g}", False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" "), False
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(), False
    if isinstance(value, dt.timedelta):
        return str(value), False
    return str(value), False


#: Whole numbers below this convert exactly through int64.
_INT64_SAFE = 2.0**62


def excel_texts(values: Sequence[object]) -> tuple[list[str], list[int]]:
    """:func:`excel_text` for a whole column: the texts, and the positions flagged lossy.

    Text cells pass through; whole-number floats (calamine's numbers, the usual
    non-text cell) are converted together through NumPy — ``str(int(v))`` for
    each, the same digits, lossy when 10**15 or more; everything else goes
    through :func:`excel_text`."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return cast(list[str], list(values)), []
    if kinds == {float}:
        floats = list(range(len(values)))
    else:
        floats = [i for i, kind in enumerate(map(type, values)) if kind is float]
    texts = cast(list[str], list(values))  # the non-text cells are replaced below
    numbers = np.array([values[i] for i in floats] if floats else [], dtype=np.float64)
    whole = (np.abs(numbers) < _INT64_SAFE) & (numbers == np.trunc(numbers))
    at = np.asarray(floats, dtype=np.intp)[whole]
    digits = numbers[whole].astype(np.int64)
    lossy = at[np.abs(digits) >= 10**EXCEL_DIGITS].tolist()
    if len(at) == len(values):
        texts = digits.astype(str).tolist()
    else:
        for i, text in zip(at.tolist(), digits.astype(str).tolist(), strict=True):
            texts[i] = text
    done = set(at.tolist())
    for i, value in enumerate(values):
        if value.__class__ is not str and i not in done:
            texts[i], lost = excel_text(value)
            if lost:
                lossy.append(i)
    return texts, sorted(lossy)
