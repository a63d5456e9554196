"""Cells a spreadsheet would evaluate as a formula (OWASP's CSV-injection rule).

``=`` or ``@`` first, or ``+``/``-`` first before anything but a plain number or
phone number (``+91 98765-43210`` and ``-12.5`` are data; ``+cmd|' /C calc'!A0`` and
``-2+3`` are not). Leads go to DialNexa, not to Excel, so such cells are uploaded as
they are, with a ``formula_like_value`` warning; the errors file, which people open
in Excel, neutralises them (:func:`leadprep.write.neutralise`).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from .._strings import first_bytes
from .._types import BoolArray

#: The characters of a plain number or phone number.
PLAIN_NUMBER = re.compile(r"^[+-]?[0-9 ().\-/]*$")
#: The rule as one RE2 pattern over cells already trimmed of spaces, tabs and CRs.
FORMULA_LIKE = r"(?s)^[=@]|^[+\-].*[^0-9 ().\-/]"


def formula_like(column: Any) -> BoolArray:
    """For a pyarrow string array of trimmed cells: which would a spreadsheet evaluate?

    Most columns hold no cell starting with a trigger character at all: the first
    bytes are looked up first (from the array's offsets, no scan), and the regex
    runs only over the cells that do."""
    import pyarrow as pa
    import pyarrow.compute as pc

    at = np.flatnonzero(_TRIGGERS[first_bytes(column)])
    out = np.zeros(len(column), dtype=bool)
    if len(at):
        hits = pc.match_substring_regex(column.take(pa.array(at)), FORMULA_LIKE)
        out[at] = hits.fill_null(False).to_numpy(zero_copy_only=False)
    return out


#: By first byte: could the cell be a formula (``= @ + -``)?
_TRIGGERS = np.zeros(256, dtype=bool)
_TRIGGERS[[ord(ch) for ch in "=@+-"]] = True
