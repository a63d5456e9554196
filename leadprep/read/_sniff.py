"""Decide what a file *is* from its bytes: format, text encoding, delimiter.

The extension is only used to warn when it disagrees with the content
(``format_mismatch``); the content decides how the file is read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from .._paths import regular_file
from ..findings import EmptyFile, UnreadableFile, UnsupportedFormat

Format = Literal["csv", "xlsx", "xls", "parquet", "dataframe", "table"]

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PARQUET_MAGIC = b"PAR1"
# Other binary formats people mistake for spreadsheets, named in the error.
_BINARY_MAGIC: dict[bytes, str] = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"\x7fELF": "a program",
    b"PK\x05\x06": "an empty zip archive",
}
_EXTENSIONS: dict[str, Format] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".tab": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".parquet": "parquet",
    ".pq": "parquet",
}
DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 1 << 20
# Bytes that cp1252 leaves undefined; a file using them is decoded as Latin-1.
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass(frozen=True)
class Sniffed:
    format: Format
    extension_format: Format | None  # what the extension claims, if it claims anything
    size: int


def sniff_format(path: Path) -> Sniffed:
    """Return the file's real format, refusing empty and non-spreadsheet files."""
    size = regular_file(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise UnreadableFile.reject(
            f"cannot read {path}: {exc.strerror or exc}",
            hint="check the file's permissions",
        ) from exc
    claimed = _EXTENSIONS.get(path.suffix.lower())
    if size == 0 or not head.strip():
        raise EmptyFile.reject("the file is empty", hint="check the export wrote data")
    if head.startswith(ZIP_MAGIC):
        return Sniffed("xlsx", claimed, size)
    if head.startswith(OLE2_MAGIC):
        return Sniffed("xls", claimed, size)
    if head.startswith(PARQUET_MAGIC):
        return Sniffed("parquet", claimed, size)
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormat.reject(
                f"the file is {what}, not a spreadsheet",
                hint="export the lead list as CSV, XLSX or XLS",
            )
    if _looks_binary(head):
        raise UnsupportedFormat.reject(
            "the file holds binary data, not text or a spreadsheet",
            hint="export the lead list as CSV, XLSX or XLS",
        )
    return Sniffed("csv", claimed, size)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) // 10


#: Byte pairs that mean an empty line (with and without carriage returns).
_BLANK_ANY = (b"\n\n", b"\n\r\n", b"\r\r")


def _two_line_feeds(chunk: bytes) -> bool:
    """Does ``chunk`` hold ``\\n\\n``? Read as 16-bit words at offsets 0 and 1, each
    pair of neighbouring bytes is one word of one of the two views: two compares
    over half the bytes each (~8× a byte search, which slows down on text that is
    one short line after another)."""
    for start in (0, 1):
        words = np.frombuffer(chunk, dtype=np.uint16, offset=start, count=(len(chunk) - start) // 2)
        if (words == 0x0A0A).any():
            return True
    return False


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes) -> bool:
    """Feed ``chunk`` to a strict UTF-8 ``decoder``; False at an invalid byte.

    ASCII is UTF-8: such a chunk is only decoded if a character cut at the end of
    the one before is pending (the check is ~10× cheaper than decoding)."""
    if chunk.isascii() and not decoder.getstate()[0]:
        return True
    try:
        decoder.decode(chunk)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class TextScan:
    encoding: str
    #: a line with nothing on it (a spreadsheet row of its own) occurs somewhere
    blank_lines: bool
    #: how many ``"`` bytes the file holds (odd: a quote may never close)
    quotes: int = 0
    #: bytes that are not UTF-8 in a file read as UTF-8 (each becomes U+FFFD)
    invalid_bytes: int = 0


def detect_encoding(path: Path) -> str:
    """The text encoding of ``path`` (see :func:`scan_text`)."""
    return scan_text(path).encoding


def scan_text(path: Path) -> TextScan:
    """One streaming pass: encoding, NUL bytes, blank lines.

    Encoding: BOM first, then strict UTF-8 over the *whole* file (an invalid
    byte on line 900,000 still counts). A file that is UTF-8 as a whole but for
    a few bytes stays UTF-8 (:func:`_mostly_utf8`); only one that is not falls
    back to cp1252, or Latin-1 when cp1252's undefined bytes occur. NUL bytes,
    which no CSV export contains and which truncate cells in other tools,
    refuse the file.
    """
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return TextScan("utf-16", blank_lines=True)  # read by the exact reader
        else:
            encoding = "utf-8"
        fh.seek(0)
        scan = _Scanning(blank=head[:1] in (b"\n", b"\r"))
        while chunk := fh.read(_CHUNK):
            scan.take(chunk)
        scan.end()
    if scan.utf8_ok:
        return TextScan(encoding, scan.blank, scan.quotes)
    invalid = _mostly_utf8(path)
    if invalid:
        return TextScan(encoding, scan.blank, scan.quotes, invalid_bytes=invalid)
    holes = scan.holes
    if not holes:  # the bytes before the first invalid one were not searched
        with path.open("rb") as fh:
            while not holes and (chunk := fh.read(_CHUNK)):
                holes = _CP1252_HOLES.search(chunk) is not None
    return TextScan("latin-1" if holes else "cp1252", scan.blank, scan.quotes)


class _Scanning:
    """What :func:`scan_text` has seen so far, a chunk at a time."""

    def __init__(self, *, blank: bool) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.utf8_ok = True
        self.holes = False
        self.blank = blank
        self.quotes = 0
        self._tail = b""
        self._offset = 0

    def take(self, chunk: bytes) -> None:
        if b'"' in chunk:  # (a search is cheaper than a count that finds none)
            self.quotes += chunk.count(b'"')
        nul = chunk.find(b"\x00")
        if nul >= 0:
            raise UnreadableFile.reject(
                f"the file contains a NUL byte at byte offset {self._offset + nul}",
                hint="the export is corrupt or not a text file; re-export it as CSV",
            )
        self.utf8_ok = self.utf8_ok and _decodes(self.decoder, chunk)
        if not self.utf8_ok and not self.holes:
            self.holes = _CP1252_HOLES.search(chunk) is not None
        if not self.blank:
            edge = self._tail + chunk[:2]
            if b"\r" in chunk or b"\r" in edge:
                self.blank = any(m in chunk or m in edge for m in _BLANK_ANY)
            else:  # CR-free, the usual case
                self.blank = b"\n\n" in edge or _two_line_feeds(chunk)
        self._tail = chunk[-2:]
        self._offset += len(chunk)

    def end(self) -> None:
        """The file is read: a character cut at its very end is not UTF-8."""
        if self.utf8_ok:
            try:
                self.decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8_ok = False


def _mostly_utf8(path: Path) -> int:
    """How many bytes are not UTF-8, if the file is UTF-8 as a whole; else 0.

    UTF-8 as a whole: its multi-byte characters decode, and they outnumber the
    bytes that do not (a Windows-1252 export has no valid multi-byte sequences
    to speak of: each accented letter is one invalid byte)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    invalid = wide = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            text = decoder.decode(chunk)
            bad = text.count("\ufffd")
            invalid += bad
            wide += len(text) - len(text.encode("ascii", "ignore")) - bad
        text = decoder.decode(b"", final=True)
        invalid += text.count("\ufffd")
    return invalid if 0 < invalid <= wide else 0


def detect_delimiter(sample: str) -> str:
    """Choose among ``, ; TAB |`` by which splits the sample's records most consistently.

    Each candidate parses the sample (quotes respected); the winner gives the
    same field count > 1 on the most records, ties broken by that count and then
    by the order above. A one-column file falls back to ``,``.
    """
    best: tuple[float, int, int] = (0.0, 0, 0)
    best_delim = ","
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1:
        sample = "".join(lines[:-1])  # the last line may be cut mid-record
    for rank, delim in enumerate(DELIMITERS):
        try:
            records = [r for r in csv.reader(io.StringIO(sample), delimiter=delim) if r][:50]
        except csv.Error:
            continue
        if not records:
            continue
        counts = [len(r) for r in records]
        width = max(set(counts), key=counts.count)
        if width < 2:
            continue
        consistency = counts.count(width) / len(counts)
        score = (consistency, width, -rank)
        if score > best:
            best, best_delim = score, delim
    return best_delim
