"""``phone_country_mismatch``: the row's country column names another country than the
one its number, written without a country code, was read in: left out.

Whose list it is, is judged for the list as a whole (``check/_region.py``). A few
rows of another country in a larger list, or any row of a list too small to judge,
are read in the default region: ``646-408-0497 x752`` on a row whose ``Country``
says ``US``, in an Indian list, is a valid Indian mobile, ``+916464080497`` — a
stranger. Such a row is left out — when its number could be one of the named
country's (a number that cannot is read as written, as without the column: the
cell is what is wrong) — its message naming what its row says and the number it
would have called. Only a column of the lead's own country counts (``Country``,
``Billing Country``; not ``Preferred Country``). Countries that share a calling code (the US and
Canada: ``+1``) dial the same number either way, and a country code written in the
number is never second-guessed. With ``--region-column`` each row is read in the
country it names already: the rule is off. With ``--default-region`` given, the
user has decided (as for ``region_mismatch``): such rows go out, each with the
finding as a warning — a list of NRIs in the US whose ``Country`` says where they
are from, read with ``--default-region US``, is called in the US.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ..._types import IntArray
from ...findings import Cell, Messages, RowKind
from ...normalise import ColumnPlan, e164_text, normalise_header, region_of_value
from ...read import arrow_column
from ...settings import REGION_COLUMN
from .._context import Context
from .._lot import Lot
from .._region import national_cells, valid_in
from .._rule import Rule


class PhoneCountryMismatch(RowKind):
    code = "phone_country_mismatch"
    description = (
        "The row's country column names another country than the one its number, "
        "written without a country code, was read in."
    )
    template = "{text!r} has no country code and would call {e164}, but {reason}"
    hint = (
        "write the number with its country code (+1 …); if that column names the "
        "country each row's phone is in, pass --region-column with it instead"
    )

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        return cls.message(text=cell.text, e164=cell.e164, reason=cell.reason)


def _calling_code(region: str | None) -> int:
    """The region's calling code (0: none, or not a region)."""
    import phonenumbers

    return phonenumbers.country_code_for_region(region) if region else 0


class CountryColumn(Rule):
    kinds = (PhoneCountryMismatch,)

    def __init__(self, context: Context, plan: ColumnPlan) -> None:
        super().__init__(context, plan)
        #: the first column whose header names the lead's own country (``Country``,
        #: ``country_code``, ``Billing Country``) — not a ``Preferred Country``
        self.position = next(
            (p for p, header in plan.original.items() if _own_country(header)),
            None,
        )

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return context.settings[REGION_COLUMN] is None

    def check(self, lot: Lot) -> None:
        if self.position is None or not len(lot.open):
            return
        says = _codes(arrow_column(lot.batch.frame[self.position]), region_of_value)[lot.open]
        if not says.any():
            return
        import pyarrow as pa

        dialled = _codes(pa.array(lot.region[lot.open], pa.string()), str)
        texts = lot.open_texts()
        # (a number written with its code is never second-guessed: left alone here at
        # once, and no such number could be valid in another code's country below)
        hit = (says != 0) & (dialled != 0) & (says != dialled) & national_cells(texts)
        if not hit.any():
            return
        # ... and the number is one of the country its row names (else the cell, not
        # the number, is what is wrong: it goes out as read, as without the column)
        at = np.flatnonzero(hit)
        cells = lot.batch.frame.values(self.position)[lot.open[at]].tolist()
        numbers = texts.take(pa.array(at)).to_pylist()
        pairs = zip(numbers, cells, strict=True)
        theirs = np.array([valid_in(n, region_of_value(c) or "ZZ") for n, c in pairs], bool)
        hit[at[~theirs]] = False
        if not hit.any():
            return
        column = self.plan.original[self.position].strip()
        said = [c.strip() for c, mine in zip(cells, theirs.tolist(), strict=True) if mine]
        reasons = np.array([f"its {column!r} column says {c!r}" for c in said], dtype=object)
        if not self.context.region_given:
            lot.leave_out(hit, PhoneCountryMismatch.code, reasons)
            return
        # The region was given: the user has decided (as region_mismatch, a warning).
        rows = lot.open[hit]
        as_written = lot.cells(rows)
        describe = Messages(_message, (as_written, e164_text(lot.key[rows]), reasons))
        lot.warn(PhoneCountryMismatch, rows, as_written, describe, level="warning")


def _message(text: str, e164: str, reason: str) -> str:
    return PhoneCountryMismatch.message(text=text, e164=e164, reason=reason)


#: Headers that name the lead's own country (normalised): ``country`` alone or after
#: an address's name; a ``Preferred Country`` or ``Destination Country`` is not where
#: the lead's phone is from.
_OWN_COUNTRY = re.compile(
    r"(?:(?:billing|mailing|shipping|address|contact|lead|customer|home|residence)_)?"
    r"(?:country|country_code|country_name|country_region|nation)"
)


def _own_country(header: str) -> bool:
    return _OWN_COUNTRY.fullmatch(normalise_header(header)) is not None


def _codes(cells: Any, region: Callable[[str], str | None]) -> IntArray:
    """Each cell's calling code (0: none), by the region ``region`` reads in it: each
    distinct cell read once (a country column holds a handful of values)."""
    encoded = cells.fill_null("").dictionary_encode()
    codes = np.array(
        [_calling_code(region(value)) for value in encoded.dictionary.to_pylist()],
        dtype=np.int64,
    )
    each: IntArray = codes[encoded.indices.to_numpy(zero_copy_only=False)]
    return each
