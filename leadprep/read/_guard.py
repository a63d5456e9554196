"""Refuse hostile XLSX containers before any XML parser sees them.

An XLSX is a zip of XML parts. Two classic attacks:

* **zip bombs** — tiny archives that inflate to gigabytes. The central directory
  declares each member's size, and :mod:`zipfile` never inflates past the declared
  size, so checking the declarations bounds the work: total size, member count and
  compression ratio.
* **XML entity expansion** (billion laughs, external entities) — only possible
  through a DTD, which must come before the root element. Each XML part's
  prolog is read (at most 64 KiB inflated) and any ``<!DOCTYPE`` is refused.
  openpyxl also parses through defusedxml; this is the cheap first line.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .._exceptions import FileRejected, UsageError
from ..findings import UnreadableFile, UnsupportedFormat

MAX_MEMBERS = 10_000
MAX_TOTAL_UNCOMPRESSED = 4 << 30  # 4 GiB: far beyond any 1,048,576-row sheet of leads
MAX_RATIO = 200  # real sheets compress 5-30x; bombs 1000x and more
RATIO_FLOOR = 16 << 20  # small members may compress as they like
PROLOG_BYTES = 64 << 10

_BOMB_HINT = "the file looks like a zip bomb; re-export it from the spreadsheet program"


def check_xlsx_container(path: Path) -> None:
    """Raise :class:`FileRejected` if the zip at ``path`` is not a safe XLSX."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UnreadableFile.reject(
                    f"the archive has {len(infos):,} members", hint=_BOMB_HINT
                )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                what = "a Word document" if "word/document.xml" in names else "a zip archive"
                raise UnsupportedFormat.reject(
                    f"the file is {what}, not an XLSX workbook",
                    hint="export the lead list as CSV, XLSX or XLS",
                )
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                    raise UnreadableFile.reject(
                        f"{info.filename} inflates {ratio:,.0f}:1 (to {info.file_size:,} bytes)",
                        hint=_BOMB_HINT,
                    )
            if total > MAX_TOTAL_UNCOMPRESSED:
                raise UnreadableFile.reject(
                    f"the workbook inflates to {total:,} bytes",
                    hint=_BOMB_HINT,
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_prolog(zf, info)
    except FileRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise UnreadableFile.reject(
            f"the XLSX archive is damaged: {exc}",
            hint="open and re-save it in the spreadsheet program, or export CSV",
        ) from exc


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with zf.open(info) as fh:
        head = fh.read(PROLOG_BYTES)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise UnreadableFile.reject(
            f"{info.filename} declares XML entities (a DTD), which spreadsheets never do",
            hint="the file may be crafted to exhaust memory; re-export it",
        )
    if len(head) == PROLOG_BYTES and _root_start(head) < 0:
        raise UnreadableFile.reject(
            f"{info.filename} has no XML root element in its first {PROLOG_BYTES:,} bytes",
            hint="re-export the file from the spreadsheet program",
        )


def _root_start(head: bytes) -> int:
    """Offset of the first element tag (``<`` then a name character), or -1."""
    pos = 0
    while True:
        pos = head.find(b"<", pos)
        if pos < 0 or pos + 1 >= len(head):
            return -1
        nxt = head[pos + 1 : pos + 2]
        if nxt.isalpha() or nxt == b"_":
            return pos
        pos += 1


@contextmanager
def opening(resource: Any | None) -> Iterator[None]:
    """Opening a workbook: on failure close ``resource`` (a file, a workbook, or
    ``None``); a library's error → FileRejected."""
    try:
        yield
    except (FileRejected, UsageError):
        if resource is not None:
            resource.close()
        raise
    except Exception as exc:
        if resource is not None:
            resource.close()
        raise UnreadableFile.reject(
            f"cannot read the XLSX workbook: {type(exc).__name__}: {exc}",
            hint="open and re-save it in the spreadsheet program, or export CSV",
        ) from exc
