"""``phone_extension_dropped``: an extension after the number is removed, the number kept.

``646-408-0497 x752``, ``ext. 12``, ``extension 7``, ``;ext=5``, ``#123``: a voice
agent dials the number, never the extension, so the extension goes (as phonenumbers
would read it: the E.164 number is the same with or without it) and the row says
so. North American and European exports carry extensions; Indian lists do not, so
the region check counts them (:mod:`leadprep.check._region`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._strings import rows_holding
from ..._types import distinct
from ...findings import Messages, WarningKind
from .._lot import Lot
from .._rule import Rule

#: An extension marker: ``x``, ``ext.``, ``extension``, ``#``, ``;ext=``.
_MARKER = (
    r"(?:;\s*ext=|,?\s*(?:[Ee][Xx][Tt](?:[Ee][Nn][Ss][Ii][Oo][Nn]|[Nn])?\.?|[Xx]|#)\s*[:.]?\s*)"
)
#: A number (seven digits or more), then an extension marker and up to seven digits.
EXTENSION = (
    r"^(?P<number>.*?[0-9](?:[^0-9]*[0-9]){6,}?[).\s]*?)\s*"
    + _MARKER
    + r"(?P<ext>[0-9]{1,7})\s*#?$"
)
#: What a text :data:`EXTENSION` matches ends with: found without taking groups apart,
#: ~10× faster over the many cells that merely hold an ``e`` or an ``x`` (``Lead 17``,
#: ``9.81E+09``, an e-mail address), so only the rest are taken apart.
_ENDING = _MARKER + r"[0-9]{1,7}\s*#?$"
#: The bytes an extension marker starts with: rows without any are not looked at.
_MARKERS = tuple(ord(ch) for ch in "xX#;eE")


class PhoneExtensionDropped(WarningKind):
    code = "phone_extension_dropped"
    description = "An extension after the number (x752, ext. 12) was removed; the number is kept."
    template = "{value!r}: extension {extension} removed, {number!r} kept"
    hint = "an agent dials the number, not the extension; nothing to do"


class Extension(Rule):
    kinds = (PhoneExtensionDropped,)

    def check(self, lot: Lot) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        text = lot.text
        maybe = distinct(np.concatenate([rows_holding(text, b) for b in _MARKERS]))
        if not len(maybe):
            return
        cells = text.take(pa.array(maybe))
        ends = pc.match_substring_regex(cells, _ENDING)
        maybe = maybe[ends.to_numpy(zero_copy_only=False)]
        if not len(maybe):
            return
        found = pc.extract_regex(cells.filter(ends), EXTENSION)
        hit = found.is_valid().to_numpy(zero_copy_only=False)
        if not hit.any():
            return
        at = maybe[hit]
        parts = found.filter(pa.array(hit))
        number = pc.utf8_trim_whitespace(parts.field("number"))
        extension = parts.field("ext").to_numpy(zero_copy_only=False)
        written = lot.cells(at)
        mask = np.zeros(len(text), dtype=bool)
        mask[at] = True
        lot.text = pc.replace_with_mask(text, pa.array(mask), number)
        lot.remember_written(at, written)
        lot.notes["extensions"] = mask
        kept = number.to_numpy(zero_copy_only=False)
        lot.warn(PhoneExtensionDropped, at, written, Messages(_message, (written, extension, kept)))


def _message(value: str, extension: Any, number: Any) -> str:
    return PhoneExtensionDropped.message(value=value, extension=extension, number=number)
