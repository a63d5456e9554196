"""Excel cell values to the text a person sees, as spec §2 fixes it.

Whole numbers become their digits (``9876543210``, never ``9876543210.0``). A
number with more than 15 digits cannot be a phone Excel kept intact (Excel stores
15 significant digits), so it is flagged *lossy* and the phone check reports
``phone_precision_lost``.
"""

from __future__ import annotations

import datetime as dt
import math

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
