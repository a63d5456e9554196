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
    each, the same digits; everything else goes through :func:`excel_text`."""
    texts = cast(list[str], list(values))  # the non-text cells are replaced below
    odd = [i for i, v in enumerate(values) if v.__class__ is not str]
    if not odd:
        return texts, []
    floats = [i for i in odd if values[i].__class__ is float]
    whole: list[int] = []
    if floats:
        numbers = np.array([values[i] for i in floats], dtype=np.float64)
        ok = (np.abs(numbers) < _INT64_SAFE) & (numbers == np.trunc(numbers))
        at = np.asarray(floats)[ok]
        digits = numbers[ok].astype(np.int64).astype(str).tolist()
        for i, text in zip(at.tolist(), digits, strict=True):
            texts[i] = text
        whole = at.tolist()
    lossy = [i for i in whole if len(texts[i].lstrip("-")) > EXCEL_DIGITS]
    done = set(whole)
    for i in odd:
        if i not in done:
            texts[i], lost = excel_text(values[i])
            if lost:
                lossy.append(i)
    return texts, sorted(lossy)
