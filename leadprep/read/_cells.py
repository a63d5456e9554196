"""Excel cell values to the text a person sees, as the README fixes it.

Whole numbers become their digits (``9876543210``, never ``9876543210.0``). A
number with more than 15 digits cannot be a phone Excel kept intact (Excel stores
15 significant digits), so it is flagged *lossy* and the phone check reports
``phone_precision_lost``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, cast

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


def excel_column(values: Sequence[object]) -> tuple[Any, list[int]]:
    """:func:`excel_text` for a whole column: a pyarrow string array, and the
    positions flagged lossy.

    An all-text column goes to Arrow as it is; whole-number floats (calamine's
    numbers, the usual non-text cell) are converted together — through int64,
    the digits of ``str(int(v))``, lossy from 10**15 on — and a column of
    nothing else never makes a Python string; any other cell goes through
    :func:`excel_text`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    distinct = set(map(type, values))
    if distinct <= {str}:  # a text column (the usual one): no loop in Python at all
        return pa.array(values, pa.string()), []
    if distinct == {float}:  # a number column
        others: list[int] = []
        numbers = np.array(values, dtype=np.float64)
        float_at = np.arange(len(values), dtype=np.intp)
    else:
        kinds = list(map(type, values))
        floats = [i for i, kind in enumerate(kinds) if kind is float]
        others = [i for i, kind in enumerate(kinds) if kind is not str and kind is not float]
        numbers = np.array([values[i] for i in floats], dtype=np.float64)
        float_at = np.asarray(floats, dtype=np.intp)
    whole = (np.abs(numbers) < _INT64_SAFE) & (numbers == np.trunc(numbers))
    digits = numbers[whole].astype(np.int64)
    at = float_at[whole]
    lossy = at[np.abs(digits) >= 10**EXCEL_DIGITS].tolist()
    if len(at) == len(values):
        return pc.cast(pa.array(digits), pa.string()), lossy
    texts = cast(list[str], list(values))  # the non-text cells are replaced below
    for i, text in zip(at.tolist(), digits.astype(str).tolist(), strict=True):
        texts[i] = text
    for i in sorted([*others, *float_at[~whole].tolist()]):
        texts[i], lost = excel_text(values[i])
        if lost:
            lossy.append(i)
    return pa.array(texts, pa.string()), sorted(lossy)
