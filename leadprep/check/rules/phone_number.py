"""``invalid_phone_number``: phonenumbers does not take the cell as a valid number.

Every open row's phone is read by a :class:`~leadprep.normalise.PhoneNormaliser`
(phonenumbers' exact answer, mostly column-wise) of its region: the default one,
or, with ``--region-column``, the one its row names (``region_unknown`` where that
cell is blank or names no country, and the row's number needs one). Valid numbers
get their E.164 key and region, the others their reason — said with the digits
the number has and its region wants, and what the writing suggests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..._strings import byte_lengths, digit_runs
from ..._types import BoolArray, IntArray, ObjArray
from ...findings import Cells, Messages, RowKind, WarningKind
from ...normalise import INVALID, fiction, fits, nanp, region_of_value
from .._lot import Lot
from .._rule import Rule


class InvalidPhoneNumber(RowKind):
    code = INVALID
    description = "phonenumbers does not accept it as a valid number (default region applied)."
    template = "{text!r} is not a valid phone number{read_as}: {reason}"
    hint = "correct the number"

    @classmethod
    def describe_all(cls, cells: Cells, context: Any) -> list[str]:
        default = context.region
        regions = [region or default for region in cells.region]
        texts = _arrow_text(cells.text)
        international = _internationals(texts)
        said = {default: f" (read with default region {default})"}
        said.update({r: _row_says(r) for r in set(regions) - {default}})
        read_as = np.array([said[region] for region in regions], dtype=object)
        read_as[international] = ""
        looks = _looks_all(cells.text, texts, regions, international)
        return cls.messages(
            len(regions),
            text=cells.text,
            read_as=read_as.tolist(),
            reason=[reason + extra for reason, extra in zip(cells.reason, looks, strict=True)],
        )

    @classmethod
    def advise_all(cls, cells: Cells, context: Any) -> list[str]:
        written = "correct the number (its country code is written: no option changes it)"
        national = (
            "correct the number; a number from another country needs its country code "
            "(+44…), or the list needs --default-region with that country's code"
        )
        international = _internationals(_arrow_text(cells.text))
        advice: list[str] = np.where(international, written, national).tolist()
        return advice


def _row_says(region: str) -> str:
    return f" (read as a {region} number, as its row says)"


class RegionUnknown(WarningKind):
    code = "region_unknown"
    description = (
        "The --region-column cell is blank or names no country: the number is read with "
        "the default region."
    )
    template = "column {column!r} {says}: read with the default region {region}"
    hint = (
        "write the row's country in that column (a name like India, an ISO code like IN, "
        "or a calling code like +91), or the number with its country code"
    )


class PhoneNumber(Rule):
    kinds = (InvalidPhoneNumber, RegionUnknown)

    def check(self, lot: Lot) -> None:
        at = lot.open
        texts = lot.open_texts()
        if self.plan.region_position is None:
            lot.open = at[~self._answer(lot, at, texts, self.context.region)]
            return
        regions = self._row_regions(lot, at, texts)
        bad = np.zeros(len(at), dtype=bool)
        for region in sorted(set(regions.tolist())):
            mine = regions == region
            bad[mine] = self._answer(lot, at[mine], texts.filter(_arrow(mine)), region)
        lot.open = at[~bad]

    def _answer(self, lot: Lot, at: IntArray, texts: Any, region: str) -> BoolArray:
        """Read rows ``at`` (cells ``texts``) in ``region``; which are not valid."""
        answers = self.context.phones_in(region)(texts)
        lot.key[at], lot.reason[at] = answers.key, answers.reason
        bad: BoolArray = answers.key == 0
        lot.region[at] = np.where(bad, region, answers.region)  # invalid: the region read in
        lot.code[at[bad]] = answers.code[bad]  # invalid, or digits lost (scientific notation)
        return bad

    def _row_regions(self, lot: Lot, at: IntArray, texts: Any) -> ObjArray:
        """Each open row's region: its column's, else the default (said where it matters)."""
        position = self.plan.region_position
        assert position is not None  # noqa: S101 - asked only with a region column
        cells: ObjArray = lot.batch.frame.values(position)[at]
        named = np.array([region_of_value(c) or "" for c in cells], dtype=object)
        given = named != ""
        given_all = np.zeros(len(lot), dtype=bool)
        given_all[at[given]] = True
        lot.notes["region_given"] = given_all
        national = ~_internationals(texts) & (byte_lengths(texts) > 0)
        unknown = ~given & national
        if unknown.any():
            column = self.plan.original[position].strip()
            says = np.array([_says(c) for c in cells[unknown]], dtype=object)
            write = functools.partial(_unknown, column, self.context.region)
            lot.warn(
                RegionUnknown, at[unknown], cells[unknown], Messages(write, (says,)), column=column
            )
        return np.where(given, named, self.context.region)


def _arrow(mask: BoolArray) -> Any:
    import pyarrow as pa

    return pa.array(mask)


def _says(cell: str) -> str:
    return "is blank here" if not cell.strip() else f"says {cell!r}, which names no country"


def _unknown(column: str, region: str, says: str) -> str:
    return RegionUnknown.message(column=column, says=says, region=region)


def _international(text: str) -> bool:
    """Is the country code written in the number (``+44…``, ``0044…``)?"""
    return text.lstrip().startswith(("+", "00"))


#: Two phone numbers in one cell: ``98765 43213 / 98123 45678``.
_TWO_NUMBERS = re.compile(r"[0-9][0-9 ().-]{6,}[0-9]\s*(?:[/,;|&]|\bor\b|\band\b)\s*\+?[0-9]")


#: What :data:`_TWO_NUMBERS` needs between the two numbers: a text without any of
#: these cannot match it (and is not searched).
_JOINERS = frozenset("/,;|&")


def _may_join(text: str) -> bool:
    return not _JOINERS.isdisjoint(text) or "or" in text or "and" in text


#: :func:`_may_join`, for pyarrow's regular expressions.
_MAY_JOIN_RE2 = "[/,;|&]|or|and"


def _internationals(texts: Any) -> BoolArray:
    """:func:`_international` of each text of a pyarrow string array, column-wise."""
    import pyarrow.compute as pc

    from ...read import WHITESPACE

    lead = pc.utf8_ltrim(texts, characters=WHITESPACE)  # (what ``str.lstrip()`` removes)
    written = pc.or_(pc.starts_with(lead, "+"), pc.starts_with(lead, "00"))
    found: BoolArray = pc.fill_null(written, False).to_numpy(zero_copy_only=False)
    return found


def _looks_all(
    texts: Sequence[str], arrow: Any, regions: Sequence[str], international: BoolArray
) -> list[str]:
    """:func:`_what_it_looks_like` of each text (in its region; ``arrow``: the texts
    as a pyarrow array, ``international``: :func:`_internationals`), asked only of
    texts it could say something of: two groups of digits or more (counted
    column-wise), and a joiner between them, or no country code given and three
    groups or three 5s (a number reserved for fiction)."""
    import pyarrow.compute as pc

    out = [""] * len(texts)
    runs = digit_runs(arrow)
    joins = pc.fill_null(pc.match_substring_regex(arrow, _MAY_JOIN_RE2), False)
    american = {region: nanp(region) for region in set(regions)}
    coded = international | np.array([american[region] for region in regions], dtype=bool)
    joined = joins.to_numpy(zero_copy_only=False)
    # two groups say something only as two numbers, or (no code) as a 555 number
    fives = pc.count_substring(arrow, "5").to_numpy(zero_copy_only=False) >= 3
    asked = (runs >= 2) & (joined | ~coded) & (joined | (runs >= 3) | fives)
    for i in np.flatnonzero(asked).tolist():
        out[i] = _what_it_looks_like(texts[i], regions[i], int(runs[i]))
    return out


def _arrow_text(texts: Sequence[str]) -> Any:
    import pyarrow as pa

    return pa.array(texts, pa.string())


def _what_it_looks_like(text: str, region: str, runs: int) -> str:
    """A word on the likely cause, for shapes a person recognises at once (``runs``:
    the groups of digits ``text`` has). The cheap tests first: :func:`fits` parses,
    and a list may hold 100,000 such cells."""
    if runs < 2:  # (two numbers, or a North American writing: two groups or more)
        return ""
    if _may_join(text) and _TWO_NUMBERS.search(text):
        return " — it looks like two numbers in one cell: keep one per row"
    if nanp(region) or _international(text):  # (a country code says where it is from)
        return ""
    digits = "".join(filter(str.isdigit, text))
    if fiction(digits[-10:]) and fits(text, "US"):
        return (
            " — it is written like a North American number, and 555 numbers there are "
            "reserved for fiction: it calls no one"
        )
    if runs >= 3 and fits(text, "US"):
        return " — it is written like a North American number (--default-region US reads it so)"
    return ""
