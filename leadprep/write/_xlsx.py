"""A small streaming XLSX writer for the errors sheet: one sheet, text and integers.

openpyxl builds a cell object (with its style) for every value and took ~13 s to
write the 88,000 bad rows of a 1M-row file; this writes the sheet XML straight
into the zip as rows arrive, ~10× faster, in constant memory. It supports what
the errors sheet needs and nothing more: a bold, frozen header row, a fill that
marks the offending cell, integers as numbers and every other value as an
*inline string* — so nothing a cell holds is ever evaluated as a formula.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..read import column_letter

#: Excel refuses cells longer than this.
MAX_CELL_CHARS = 32_767
MAX_ROWS = 1_048_576
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

PLAIN, BOLD, MARKED, REPORT = 0, 1, 2, 3  # style indexes in _STYLES' cellXfs


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (``xml.sax.saxutils.escape``, whose import
    pulls in ``urllib.request``, ``http`` and ``ssl``: 15 ms of every run's start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/></Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="4"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/></patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>\
<xf numFmtId="0" fontId="1" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
</cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
_SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
</sheetView></sheetViews>"""
_SHEET_TAIL = "</sheetData>{filter}</worksheet>"


def cell_text(value: object) -> str:
    """What an inline-string cell may hold: legal XML characters, at most 32,767."""
    text = _ILLEGAL_XML.sub("", str(value))
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


#: :data:`_ILLEGAL_XML` as an RE2 pattern, for pyarrow.
_ILLEGAL_XML_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"


def _xml_text(texts: Any) -> Any:
    """:func:`cell_text` then :func:`escape`, column-wise (a text past the length Excel
    allows, which no lead cell reaches, is cut row by row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = pc.replace_substring_regex(texts, _ILLEGAL_XML_RE2, "")
    long = np.flatnonzero(pc.greater(pc.utf8_length(texts), MAX_CELL_CHARS).to_numpy(False))
    if len(long):
        cut = texts.to_pylist()
        for i in long.tolist():
            cut[i] = cell_text(cut[i])
        texts = pa.array(cut, pa.string())
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        texts = pc.replace_substring(texts, character, entity)
    return texts


class SheetWriter:
    """Write rows to a one-sheet workbook at ``path``; :meth:`close` finishes it.

    ``append(values, styles)``: ``int`` values become numbers, everything else
    text; ``styles`` gives each cell's style (:data:`PLAIN`, :data:`BOLD`,
    :data:`MARKED`). Rows past Excel's 1,048,576 are dropped (see ``dropped``).
    """

    def __init__(
        self,
        path: str | Path,
        sheet_name: str = "Sheet1",
        *,
        widths: Sequence[float] = (),
        autofilter: bool = False,
    ) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet_name)))
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._sheet: IO[bytes] = self._zip.open("xl/worksheets/sheet1.xml", "w")
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        self._sheet.write((_SHEET_HEAD + (f"<cols>{cols}</cols>" if cols else "")).encode())
        self._sheet.write(b"<sheetData>")
        self._autofilter = autofilter
        self._columns: list[str] = []
        self.rows = 0
        self.dropped = 0

    def append(self, values: Sequence[object], styles: Sequence[int] | None = None) -> None:
        if self.rows >= MAX_ROWS:
            self.dropped += 1
            return
        self.rows += 1
        while len(self._columns) < len(values):
            self._columns.append(column_letter(len(self._columns)))
        row = self.rows
        parts = [f'<row r="{row}">']
        for col, value in enumerate(values):
            style = styles[col] if styles else PLAIN
            ref = f"{self._columns[col]}{row}"
            attrs = f' r="{ref}"' + (f' s="{style}"' if style else "")
            if value.__class__ is int:
                parts.append(f"<c{attrs}><v>{value}</v></c>")
            elif value is None or value == "":
                if style:
                    parts.append(f"<c{attrs}/>")
            else:
                parts.append(
                    f'<c{attrs} t="inlineStr"><is><t xml:space="preserve">'
                    f"{escape(cell_text(value))}</t></is></c>"
                )
        parts.append("</row>")
        self._sheet.write("".join(parts).encode())

    def append_columns(self, columns: Sequence[Any], styles: Sequence[int]) -> None:
        """Rows given column by column — :meth:`append` of each, written by pyarrow's
        string kernels: each column an Arrow text array, or a NumPy integer array
        (numbers); the rows' XML is one Arrow array whose bytes go to the sheet as
        they are (258,000 errors rows: ~3 s a row at a time, a tenth of it so)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        n = min(len(columns[0]) if columns else 0, MAX_ROWS - self.rows)
        self.dropped += (len(columns[0]) if columns else 0) - n
        if n <= 0:
            return
        while len(self._columns) < len(columns):
            self._columns.append(column_letter(len(self._columns)))
        numbers = pc.cast(pa.array(range(self.rows + 1, self.rows + n + 1)), pa.string())
        self.rows += n
        parts: list[Any] = ['<row r="', numbers, '">']
        for col, (values, style) in enumerate(zip(columns, styles, strict=True)):
            ref = ['<c r="', self._columns[col], numbers, '"' + (f' s="{style}"' if style else "")]
            if isinstance(values, np.ndarray):  # numbers
                texts = pc.cast(pa.array(values[:n]), pa.string())
                parts.append(pc.binary_join_element_wise(*ref, "><v>", texts, "</v></c>", ""))
                continue
            texts = pc.fill_null(values.slice(0, n).cast(pa.string()), "")
            cell = pc.binary_join_element_wise(
                *ref, ' t="inlineStr"><is><t xml:space="preserve">', _xml_text(texts),
                "</t></is></c>", "",
            )  # fmt: skip
            empty = pc.binary_join_element_wise(*ref, "/>", "") if style else ""
            parts.append(pc.if_else(pc.equal(texts, ""), empty, cell))
        rows = pc.binary_join_element_wise(*parts, "</row>", "")
        offsets = np.frombuffer(rows.buffers()[1], dtype=np.int32)[rows.offset :][: n + 1]
        data = rows.buffers()[2]
        self._sheet.write(memoryview(data)[offsets[0] : offsets[-1]])

    def close(self) -> None:
        """Finish the sheet and the zip (the file is a valid workbook only after this)."""
        last = f"{column_letter(max(len(self._columns), 1) - 1)}{max(self.rows, 1)}"
        filter_xml = f'<autoFilter ref="A1:{last}"/>' if self._autofilter and self.rows else ""
        self._sheet.write(_SHEET_TAIL.format(filter=filter_xml).encode())
        self._sheet.close()
        self._zip.close()

    def abandon(self) -> None:
        """Close the file without finishing it (the caller deletes it)."""
        self._sheet.close()
        self._zip.close()
