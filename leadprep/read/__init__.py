"""Read stage: open a lead file whatever it is, yield text batches.

>>> with open_table(Path("leads.xlsx")) as table:
...     table.header, table.format
...     for batch in table.batches():
...         batch.frame, batch.rows  # text cells, spreadsheet row numbers

The format comes from the content (zip → XLSX, OLE2 → XLS, else text); an
extension that disagrees is reported in ``table.extension_format``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._arrow import content_sha256, describe, is_data, text_batch
    from ._batch import MAX_CELL_CHARS, Batch, Frame, arrow_column, column_letter
    from ._calamine import preload
    from ._cells import excel_text
    from ._sniff import (
        Format,
        detect_delimiter,
        detect_encoding,
        sniff_format,
    )
    from ._table import Source, Table, open_table
    from ._text import WHITESPACE

__all__ = [
    "MAX_CELL_CHARS",
    "WHITESPACE",
    "Batch",
    "Format",
    "Frame",
    "Source",
    "Table",
    "arrow_column",
    "column_letter",
    "content_sha256",
    "describe",
    "detect_delimiter",
    "detect_encoding",
    "excel_text",
    "is_data",
    "open_table",
    "preload",
    "sniff_format",
    "text_batch",
]

# Loaded on first use, so that :mod:`._calamine` can start parsing a workbook
# before NumPy and pyarrow are imported.
_LAZY = {
    "content_sha256": "._arrow",
    "describe": "._arrow",
    "is_data": "._arrow",
    "text_batch": "._arrow",
    "MAX_CELL_CHARS": "._batch",
    "Batch": "._batch",
    "Frame": "._batch",
    "arrow_column": "._batch",
    "column_letter": "._batch",
    "preload": "._calamine",
    "excel_text": "._cells",
    "Format": "._sniff",
    "detect_delimiter": "._sniff",
    "detect_encoding": "._sniff",
    "sniff_format": "._sniff",
    "Source": "._table",
    "WHITESPACE": "._text",
    "Table": "._table",
    "open_table": "._table",
}


__getattr__ = lazy_exports(__name__, _LAZY)
