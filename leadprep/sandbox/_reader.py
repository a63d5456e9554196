"""The sandbox's own reading of an uploaded file, as DialNexa's server would read it.

Deliberately *not* leadprep's reader: the sandbox is the oracle the tests judge
leadprep's uploads by, so a reading bug in leadprep must not be a reading bug here
too. Small and plain: the stdlib ``csv`` module for text, openpyxl (read-only,
defusedxml) for XLSX, xlrd for XLS; a file that will not read is a 400.

:func:`read_upload` gives the header (trimmed) and each data row with its
spreadsheet row number (header = row 1), blank rows left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

#: What the server reads of a sheet at most: a lead list's columns, a cap on XML.
MAX_COLUMNS = 64
MAX_XML_BYTES = 512 << 20
MAX_RATIO = 200

Rows = list[tuple[int, list[str]]]


class Unreadable(Exception):
    """The upload is not a file the server can read (a 400, with this message)."""


def read_upload(content: bytes) -> tuple[list[str], Rows]:
    """The header and the data rows of an uploaded CSV, XLSX or XLS file."""
    if content.startswith(b"PK\x03\x04"):
        grid = _xlsx(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        grid = _xls(content)
    else:
        grid = _csv(content)
    header: list[str] | None = None
    rows: Rows = []
    for number, cells in grid:
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if any(c.strip() for c in cells):
            width = len(header)
            rows.append((number, [c.strip() for c in (cells + [""] * width)[:width]]))
    if header is None:
        raise Unreadable("the file is empty")
    return header, rows


def _csv(content: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    except csv.Error as exc:
        raise Unreadable(f"the CSV cannot be read: {exc}") from exc


def _xlsx(content: bytes) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            sizes = [(i.file_size, i.compress_size) for i in zf.infolist()]
        inflated = sum(size for size, _ in sizes)
        if inflated > MAX_XML_BYTES or inflated > MAX_RATIO * max(len(content), 1):
            raise Unreadable("the workbook inflates far beyond its size")
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the cells, not the (often stale) <dimension>
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        width = min(len(first), MAX_COLUMNS)
        for number, values in enumerate(sheet.iter_rows(max_col=width, values_only=True), 1):
            if any(v is not None for v in values):  # (a stray far cell: a million gaps)
                yield number, [_text(v) for v in values]
        book.close()
    except Unreadable:
        raise
    except Exception as exc:  # openpyxl's zoo: KeyError, ValueError, XML errors…
        raise Unreadable(f"the workbook cannot be read: {type(exc).__name__}") from exc


def _xls(content: bytes) -> Iterator[tuple[int, list[str]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, logfile=io.StringIO(), verbosity=0)
        sheet = book.sheet_by_index(0)
        for r in range(sheet.nrows):
            yield r + 1, [_text(v) for v in sheet.row_values(r)[:MAX_COLUMNS]]
    except Exception as exc:  # xlrd's struct and assertion errors on damaged files
        raise Unreadable(f"the workbook cannot be read: {type(exc).__name__}") from exc


def _text(value: Any) -> str:
    """A cell as text: whole numbers as their digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
