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
from typing import Any

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
    the digits of ``str(int(v))``, lossy from 10**15 on — and never make a Python
    string; only the other cells go through :func:`excel_text`. A column of text
    and numbers (a phone column, a third of it stored as numbers) is put together
    in Arrow: its text cells, its numbers' digits and the rest, each converted at
    once, then taken back into the column's order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = _all_text(values)
    if text is not None:  # a text column (the usual one): no loop in Python at all
        return text, []
    n = len(values)
    # (fromiter: np.array would ask each type object whether it is array-like)
    kinds = np.fromiter(map(type, values), dtype=object, count=n)
    is_float = kinds == float  # noqa: E721 - elementwise over the cells' types, not one type
    is_text = kinds == str  # noqa: E721 - (the same)
    float_at, text_at = np.flatnonzero(is_float), np.flatnonzero(is_text)
    other_at = np.flatnonzero(~(is_float | is_text))
    if len(float_at) == n:  # a number column
        numbers = np.array(values, dtype=np.float64)
    else:
        numbers = np.fromiter((values[i] for i in float_at.tolist()), np.float64, len(float_at))
    whole = (np.abs(numbers) < _INT64_SAFE) & (numbers == np.trunc(numbers))
    digits = numbers[whole].astype(np.int64)
    at = float_at[whole]
    lossy = at[np.abs(digits) >= 10**EXCEL_DIGITS].tolist()
    numbered = pc.cast(pa.array(digits), pa.string())
    if len(at) == n:
        return numbered, lossy
    rest_at = np.sort(np.concatenate([other_at, float_at[~whole]]))
    rest = [excel_text(values[i]) for i in rest_at.tolist()]
    lossy += [i for i, (_, lost) in zip(rest_at.tolist(), rest, strict=True) if lost]
    parts = [
        pa.array([values[i] for i in text_at.tolist()], pa.string()),
        numbered,
        pa.array([text for text, _ in rest], pa.string()),
    ]
    order = np.empty(n, dtype=np.intp)
    order[np.concatenate([text_at, at, rest_at])] = np.arange(n, dtype=np.intp)
    return pa.concat_arrays(parts).take(pa.array(order)), sorted(lossy)


def _all_text(values: Sequence[object]) -> Any:
    """``values`` as a pyarrow string array if every one is a ``str``, else ``None``.

    pyarrow refuses any other cell a reader gives (a number, a date, a boolean: it
    stops at the first), except ``None``, which it takes as a null. (It would take
    ``bytes`` as text too; no reader gives them.)"""
    import pyarrow as pa

    try:
        column = pa.array(values, pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return None
    return column if column.null_count == 0 else None
