"""Each number's time zones, column-wise: phonenumbers' own answer, at NumPy speed.

phonenumbers says where a number may ring (:func:`phonenumbers.time_zones_for_number`):
a *geographical* number (a landline anywhere, any NANP number in an area code)
by the longest prefix its time-zone table holds; any other (an Indian mobile, a
Russian mobile, a toll-free line) by its country code's entry. Calling that for
each of a million rows costs seconds; :class:`ZoneBook` gives the same answer
from integer keys:

* in a country whose every table entry names the same zones (India, the UK…),
  the zones are that country's, whatever the number — one lookup per country;
* in the NANP, every valid US and Canadian number is geographical (fixed line
  or mobile, the same patterns; the non-geographic area codes have no entries):
  longest prefix, column-wise. The territories whose mobiles are told apart from
  their landlines (the Bahamas, Jamaica…) are asked, as below;
* in the other countries of several zones (Russia, Mexico, Australia, Brazil…)
  a number whose longest-prefix answer differs from its country's is asked of
  phonenumbers itself, once per distinct number.

``tests/test_zones.py`` holds it to phonenumbers' answer on numbers of every region.
The zones are phonenumbers' names (``Asia/Calcutta``, the old name of
``Asia/Kolkata``); :data:`UNKNOWN` when the table has nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .._types import IntArray

#: phonenumbers' answer when it knows no zone for a number
UNKNOWN = ("Etc/Unknown",)
_NANP = 1


@dataclass(frozen=True)
class _Table:
    """phonenumbers' time-zone table, as sorted integer prefixes per length."""

    #: every distinct zone tuple; answers are indices into it
    zones: tuple[tuple[str, ...], ...]
    index: dict[tuple[str, ...], int]
    #: prefix length → (sorted prefixes, their zone index)
    by_length: dict[int, tuple[IntArray, IntArray]]
    #: by country calling code (0-999): its zone index (the table's entry for the code) …
    country: IntArray
    #: … and whether every entry of the code names those same zones
    uniform: np.ndarray
    longest: int
    #: by the first 4 digits of a NANP national number: a territory whose mobiles
    #: are not geographical (so a number's type decides its zones)
    nanp_typed: np.ndarray


def _nanp_typed() -> np.ndarray:
    import re

    import phonenumbers
    from phonenumbers import PhoneMetadata

    typed = np.zeros(10_000, dtype=bool)
    # every head as phonenumbers' patterns see it (``str(d)``), a line each: one
    # ``finditer`` per territory tries them all in C (10,000 ``match`` calls each cost
    # ~60 ms at start-up); its patterns are digits only, so no match leaves its line
    lines = "\n".join(map(str, range(10_000)))
    starts = np.cumsum([0] + [len(str(d)) + 1 for d in range(9_999)])
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[_NANP]:
        meta = PhoneMetadata.metadata_for_region(region)
        if meta is None or meta.leading_digits is None:
            continue  # (the US and Canada: one pattern for fixed lines and mobiles)
        mobile, fixed = meta.mobile, meta.fixed_line
        if mobile is None or fixed is None:
            continue
        if mobile.national_number_pattern == fixed.national_number_pattern:
            continue
        pattern = re.compile(f"^(?:{meta.leading_digits})", re.MULTILINE)
        typed[np.searchsorted(starts, [m.start() for m in pattern.finditer(lines)])] = True
    return typed


@functools.cache
def _table() -> _Table:
    import phonenumbers
    from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX

    zones: dict[tuple[str, ...], int] = {UNKNOWN: 0}
    grouped: dict[int, list[tuple[int, int]]] = {}
    for prefix, names in TIMEZONE_DATA.items():
        index = zones.setdefault(tuple(names), len(zones))
        grouped.setdefault(len(prefix), []).append((int(prefix), index))
    by_length = {}
    for length, entries in grouped.items():
        entries.sort()
        by_length[length] = (
            np.array([p for p, _ in entries], dtype=np.int64),
            np.array([z for _, z in entries], dtype=np.int64),
        )
    country = np.zeros(1000, dtype=np.int64)
    uniform = np.zeros(1000, dtype=bool)
    codes = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
    named: dict[int, set[tuple[str, ...]]] = {}  # each code's zone tuples, in one pass
    for prefix, names in TIMEZONE_DATA.items():
        # calling codes are prefix-free: a prefix starts with at most one of them
        code = next((c for n in (1, 2, 3) if (c := int(prefix[:n])) in codes), None)
        if code is not None:
            named.setdefault(code, set()).add(tuple(names))
    for code in codes:
        own = TIMEZONE_DATA.get(str(code))
        country[code] = zones[tuple(own)] if own is not None else 0
        uniform[code] = own is not None and named.get(code) == {tuple(own)}
    return _Table(
        zones=tuple(zones),
        index=zones,
        by_length=by_length,
        country=country,
        uniform=uniform,
        longest=TIMEZONE_LONGEST_PREFIX,
        nanp_typed=_nanp_typed(),
    )


def _digits(keys: IntArray) -> IntArray:
    """How many digits each (positive) key has."""
    powers = 10 ** np.arange(1, 19, dtype=np.int64)
    found: IntArray = np.searchsorted(powers, keys, side="right").astype(np.int64) + 1
    return found


@functools.cache
def _code_by_head() -> IntArray:
    """The country calling code of every 3-digit head (``919`` → 91; 0: none).
    Country codes are prefix-free, so a number's first three digits name its code."""
    import phonenumbers

    table = np.zeros(1000, dtype=np.int64)
    for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
        text = str(code)
        width = 10 ** (3 - len(text))
        table[code * width : (code + 1) * width] = code
    return table


def country_codes(keys: IntArray) -> IntArray:
    """Each E.164 key's country calling code (0 where none is known)."""
    head = keys // 10 ** np.maximum(_digits(keys) - 3, 0)
    codes: IntArray = _code_by_head()[np.clip(head, 0, 999)]
    return codes


class ZoneBook:
    """Time zones of E.164 numbers (integer keys), as indices into :attr:`zones`."""

    def __init__(self) -> None:
        self._t = _table()
        #: zone index of numbers asked of phonenumbers itself (by key)
        self._asked: dict[int, int] = {}

    @property
    def zones(self) -> tuple[tuple[str, ...], ...]:
        """Every zone tuple an index can name (index 0: :data:`UNKNOWN`)."""
        return self._t.zones

    def of(self, keys: IntArray) -> IntArray:
        """The zone index of each valid number (``keys`` > 0)."""
        t = self._t
        codes = country_codes(keys)
        out: IntArray = t.country[codes]
        uniform = t.uniform[codes]
        rest = np.flatnonzero(~uniform & (codes > 0))
        if len(rest):
            geographic = self._longest_prefix(keys[rest])
            differs = geographic != out[rest]
            nanp = codes[rest] == _NANP
            nanp &= ~t.nanp_typed[(keys[rest] // 1_000_000) % 10_000]
            out[rest[differs & nanp]] = geographic[differs & nanp]
            ask = rest[differs & ~nanp]
            if len(ask):
                out[ask] = [self._ask(int(key)) for key in keys[ask]]
        return out

    def _longest_prefix(self, keys: IntArray) -> IntArray:
        """The zone index of the longest prefix of each key the table holds (0: none)."""
        t = self._t
        digits = _digits(keys)
        out = np.zeros(len(keys), dtype=np.int64)
        found = np.zeros(len(keys), dtype=bool)
        for length in range(t.longest, 0, -1):
            if length not in t.by_length:
                continue
            prefixes, zone = t.by_length[length]
            head = keys // 10 ** np.maximum(digits - length, 0)
            at = np.minimum(np.searchsorted(prefixes, head), len(prefixes) - 1)
            hit = (prefixes[at] == head) & ~found & (digits >= length)
            out[hit] = zone[at[hit]]
            found |= hit
        return out

    def _ask(self, key: int) -> int:
        """phonenumbers' own answer for one number (remembered)."""
        if key not in self._asked:
            import phonenumbers
            from phonenumbers import timezone

            number = phonenumbers.parse(f"+{key}")
            names = tuple(timezone.time_zones_for_number(number))
            self._asked[key] = self._t.index.get(names, 0)
        return self._asked[key]
