"""Build small XLSX files by hand, cell XML and all, for reader tests.

openpyxl cannot write cached formula values or hostile XML, so fixtures that need
them are assembled here from raw parts. A cell is given as:

* ``str``        → inline string
* ``int|float``  → number
* ``("=F", v)``  → formula ``F`` with cached value ``v`` (number or string)
* ``None``       → no cell
* ``("style",)`` → an empty cell that only carries formatting
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple) and value == ("style",):
        return f'<c r="{ref}" s="0"/>'
    if isinstance(value, tuple):
        formula, cached = value
        f = f"<f>{escape(formula.lstrip('='))}</f>"
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str">{f}<v>{escape(cached)}</v></c>'
        return f'<c r="{ref}">{f}<v>{cached!r}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list[Any] | None], *, prolog: str = "", dimension: str = "A1") -> str:
    """Rows start at row 1; ``None`` in place of a row leaves that row out."""
    body = []
    for r, row in enumerate(rows, start=1):
        if row is None:
            continue
        cells = "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{"".join(body)}'
        "</sheetData></worksheet>"
    )


def build_xlsx(path: Path, sheets: dict[str, Any]) -> Path:
    """Write a workbook whose sheets are rows, ready sheet XML, or a ``write(fh)`` callable."""
    names = list(sheets)
    overrides = "\n".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS} {RNS}><sheets>'
        + "".join(
            f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, n in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides))
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, name in enumerate(names, start=1):
            content = sheets[name]
            member = f"xl/worksheets/sheet{i}.xml"
            if callable(content):
                with zf.open(member, "w", force_zip64=True) as fh:
                    content(fh)
                continue
            xml = content if isinstance(content, str) else sheet_xml(content)
            zf.writestr(member, xml)
    return path


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def billion_laughs_xlsx(path: Path) -> Path:
    """A workbook whose sheet expands ``&lol9;`` to 10**9 'lol's if a parser lets it."""
    xml = sheet_xml([["phone_number"], ["&lol9;"]], prolog=BILLION_LAUGHS).replace(
        "&amp;lol9;", "&lol9;"
    )
    return build_xlsx(path, {"Sheet1": xml})


def zip_bomb_xlsx(path: Path, inflated_bytes: int = 256 << 20) -> Path:
    """A workbook whose sheet is ``inflated_bytes`` of whitespace (~1000:1 deflated)."""

    def write(fh: Any) -> None:
        fh.write(f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode())
        block = b" " * (1 << 20)
        for _ in range(inflated_bytes >> 20):
            fh.write(block)
        fh.write(b"</sheetData></worksheet>")

    return build_xlsx(path, {"Sheet1": write})


def raw_sheet(cells: list[tuple[int, str]], *, dimension: str = "A1") -> str:
    """Sheet XML from ``(row number, cells XML)`` pairs, written as given."""
    body = "".join(f'<row r="{r}">{c}</row>' for r, c in cells)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    )


HEADER_CELL = '<c r="A1" t="inlineStr"><is><t>phone_number</t></is></c>'
LEAD_CELL = '<c r="A2"><v>9847152630</v></c>'


def far_cell_xlsx(path: Path, ref: str = "XFD1048576", *, attrs: str = "") -> Path:
    """A lead sheet with one stray cell at ``ref`` (the row taken from ``ref``)."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    far = f'<c {attrs}r="{ref}"><v>1</v></c>'
    return build_xlsx(path, {"S": raw_sheet([(1, HEADER_CELL), (2, LEAD_CELL), (row, far)])})


def lying_strings_xlsx(path: Path, unique_count: int = 4_000_000_000) -> Path:
    """A workbook whose shared-string table declares ``unique_count`` strings."""
    build_xlsx(path, {"S": raw_sheet([(1, '<c r="A1" t="s"><v>0</v></c>'), (2, LEAD_CELL)])})
    sst = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} '
        f'count="1" uniqueCount="{unique_count}"><si><t>phone_number</t></si></sst>'
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", sst)
    return path
