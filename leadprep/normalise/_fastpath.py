"""An exact shortcut through phonenumbers for the shapes lead lists are made of.

Almost every cell in an Indian lead list is one of: ``9876543210``,
``09876543210``, ``919876543210``, ``+919876543210`` — with spaces, dashes,
dots or brackets. For those shapes this module computes phonenumbers' answer
(``parse`` → ``is_valid_number`` → E.164, and the reason when invalid)
column-wise, from phonenumbers' own metadata:

* the branches of ``parse`` that these shapes can reach (country code after
  ``+``; the "starts with the default country code" heuristic; national prefix
  stripping) are re-derived exactly, their regex tests run as DFAs compiled from
  the metadata's patterns (:mod:`leadprep.normalise._dfa`);
* validity is ``_number_type_helper != UNKNOWN``: the general description and
  then each number type, each gated by its possible lengths — as phonenumbers
  does, with the same patterns.

Anything else (letters, other punctuation, unicode digits, ``00`` prefixes,
numbers of other countries, leading zeros that would stay) returns "not
handled" and goes to phonenumbers itself. The shortcut only switches on for a
region whose metadata satisfies its assumptions (checked at start-up); the
property tests in ``tests/test_phones.py`` compare it with phonenumbers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata

from .._strings import byte_lengths
from .._types import blank_texts, distinct
from ._dfa import PAD, DigitDFA, Matcher, Unsupported, compiled_once, length_mask, shifted

#: The phone normaliser's verdicts on a text that is not a valid number, named as the
#: findings they become: not a valid number, or a number whose digits were lost.
INVALID = "invalid_phone_number"
LOST = "phone_precision_lost"

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
ObjArray = npt.NDArray[np.object_]

_MIN_NSN, _MAX_NSN = 2, 17  # phonenumbers' _MIN_LENGTH_FOR_NSN / _MAX_LENGTH_FOR_NSN
WIDTH = 20
#: Longer than any digit count a row here can have (a lookup table's last index).
_MAX_DIGITS = 64
#: The number types whose patterns decide validity. phonenumbers tries them in
#: another order to name the type, but validity is "any of them matches", so the
#: types that most lead-list numbers are come first and settle most rows at once.
_TYPES = (
    "mobile",
    "fixed_line",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


class _Desc:
    """One number description: full matches of its pattern, of its possible lengths."""

    def __init__(self, lengths: frozenset[int], dfa: DigitDFA) -> None:
        self.dfa = dfa
        self.matcher = Matcher.of(dfa, lengths or None)

    def matches(
        self,
        digits: npt.NDArray[np.int8],
        lengths: npt.NDArray[np.int64],
        among: BoolArray | None = None,
    ) -> BoolArray:
        """phonenumbers' _is_number_matching_desc for each row (only rows ``among``)."""
        return self.matcher.match(digits, lengths, among)


class _Validity:
    """``_number_type_helper(nsn, meta) != UNKNOWN`` for one region, column-wise:
    the general description, and any number type — their DFAs run as one."""

    def __init__(self, meta: PhoneMetadata) -> None:
        general = meta.general_desc
        if general is None or not general.national_number_pattern:
            raise Unsupported("general description without a pattern")
        general_lengths = frozenset(general.possible_length or ())
        self.general = _Desc(general_lengths, DigitDFA.compile(general.national_number_pattern))
        # With the same mobile and fixed-line pattern phonenumbers never tries mobile.
        skip = {"mobile"} if meta.same_mobile_and_fixed_line_pattern else set()
        types = [
            (frozenset(desc.possible_length or ()), DigitDFA.compile(desc.national_number_pattern))
            for name in _TYPES
            if name not in skip
            and (desc := getattr(meta, name)) is not None
            and desc.national_number_pattern
        ]
        masks = [np.uint64(length_mask(lengths or None)) for lengths, _ in types]
        general_mask = np.uint64(length_mask(general_lengths or None))

        def accept(found: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint64]:
            any_type = np.zeros(len(found), dtype=np.uint64)
            for column, mask in enumerate(masks, start=1):
                any_type |= np.where(found[:, column], mask, np.uint64(0))
            bits: npt.NDArray[np.uint64] = np.where(found[:, 0], general_mask & any_type, 0)
            return bits

        self.matcher = Matcher.joint([self.general.dfa, *(dfa for _, dfa in types)], accept)

    def __call__(
        self, digits: npt.NDArray[np.int8], lengths: npt.NDArray[np.int64], among: BoolArray
    ) -> BoolArray:
        """Valid, for each row (only rows ``among``)."""
        return self.matcher.match(digits, lengths, among)


@compiled_once
def _validity(region: str) -> _Validity:
    """``region``'s validity, compiled once (only the regions numbers get to)."""
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None:
        raise Unsupported(f"no metadata for {region}")
    return _Validity(meta)


def _check_code(cc: int) -> None:
    """Refuse a country code that another one starts with (or that starts another)."""
    text = str(cc)
    codes = {str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE}
    if any(code.startswith(text) and code != text for code in codes) or any(
        text[:i] in codes for i in range(1, len(text))
    ):
        raise Unsupported("country code overlaps another")


def _length_codes(
    lengths: npt.NDArray[np.int64], possible: tuple[int, ...], local: tuple[int, ...]
) -> npt.NDArray[np.int8]:
    """phonenumbers' _test_number_length for an unknown type, as a code:
    0 possible, 1 too short, 2 too long, 3 invalid length, 4 possible local only."""
    table = _length_table(possible, local)
    codes: npt.NDArray[np.int8] = table[np.clip(lengths, 0, _MAX_DIGITS)]
    return codes


@functools.cache
def _length_table(possible: tuple[int, ...], local: tuple[int, ...]) -> npt.NDArray[np.int8]:
    """:func:`_length_codes` of 0 … ``_MAX_DIGITS``, looked up by length (a row's
    length is never above it; a negative one is too short, as 0 is)."""
    lengths = np.arange(_MAX_DIGITS + 1)
    lo, hi = possible[0], possible[-1]
    result = np.full(lengths.shape, 3, dtype=np.int8)
    result[np.isin(lengths, possible[1:])] = 0
    result[lengths > hi] = 2
    result[lengths < lo] = 1
    result[lengths == lo] = 0
    result[np.isin(lengths, local)] = 4
    result.flags.writeable = False
    return result


#: is_possible_number_with_reason's words, by :func:`_length_codes`' code.
_LENGTH_WORDS = np.array(
    [
        "no such area code or mobile prefix",
        "too short",
        "too long",
        "wrong number of digits",
        "no such area code or mobile prefix",
    ],
    dtype=object,
)


def _why_invalid(
    lengths: npt.NDArray[np.int64],
    possible: tuple[int, ...],
    local: tuple[int, ...],
    region: str,
    cc: str,
) -> ObjArray:
    """The reason :func:`~leadprep.normalise.normalise_one` gives for invalid
    national numbers of ``lengths`` digits: ``region``'s length verdict, then
    ``for IN (+91)``, and for a verdict on the length, the digits it has and wants."""
    at = np.clip(lengths, 0, _MAX_DIGITS)
    out: ObjArray = _reasons(region, cc)[_length_codes(lengths, possible, local), at]
    return out


@functools.cache
def _reasons(region: str, cc: str) -> ObjArray:
    """The reasons for ``region``, by length code and length: looked up, so a
    column's reasons are a few shared strings, not one new string per row."""
    reasons: ObjArray = np.array(
        [
            [
                f"{w} for {region} (+{cc}){digits_wanted(code, n, region)}"
                for n in range(_MAX_DIGITS + 1)
            ]
            for code, w in enumerate(_LENGTH_WORDS)
        ],
        object,
    )
    reasons.flags.writeable = False
    return reasons


#: The length codes whose words are about the number of digits.
_ABOUT_LENGTH = (1, 2, 3)


def digits_wanted(code: int, has: int, region: str) -> str:
    """``: 5 digits, where IN numbers have 10`` after a verdict on the length (length
    code ``code``: see :func:`_length_codes`) of a number of ``region`` with ``has``
    national digits; ``""`` after another verdict, or where the region lists none."""
    wanted = wanted_lengths(region)
    if code not in _ABOUT_LENGTH or not wanted:
        return ""
    return f": {has} digits, where {region} numbers have {wanted}"


@functools.cache  # (a handful of regions)
def wanted_lengths(region: str) -> str:
    """``10`` or ``9 or 10``: the lengths of ``region``'s mobile and fixed-line numbers."""
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None:
        return ""
    lengths = sorted(
        {n for desc in (meta.mobile, meta.fixed_line) if desc for n in desc.possible_length} - {-1}
    )
    if not lengths:
        return ""
    head = ", ".join(map(str, lengths[:-1]))
    return f"{head} or {lengths[-1]}" if head else str(lengths[-1])


def _at_start(pattern: str) -> _Desc:
    """Digit strings that ``pattern`` matches at their start (``re.match``)."""
    return _Desc(frozenset(), DigitDFA.compile(f"(?:{pattern})\\d*"))


class FastPath:
    """Column-wise phonenumbers for ``region``'s common shapes; raises Unsupported if unsafe."""

    def __init__(self, region: str) -> None:
        meta = PhoneMetadata.metadata_for_region(region)
        if meta is None or meta.country_code is None:
            raise Unsupported(f"no metadata for {region}")
        cc = str(meta.country_code)
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(meta.country_code, ())
        if tuple(regions) != (region,):
            raise Unsupported("country code shared by several regions")
        _check_code(meta.country_code)
        if meta.international_prefix != "00" or meta.national_prefix_transform_rule:
            raise Unsupported("unusual international or national prefix")
        prefix = meta.national_prefix_for_parsing or meta.national_prefix
        if prefix not in ("0", None):
            raise Unsupported("unusual national prefix")
        general = meta.general_desc
        if general is None or not general.possible_length or not general.national_number_pattern:
            raise Unsupported("general description without lengths or pattern")
        self.region = region
        self.cc = cc
        self.has_prefix = prefix == "0"
        self.lengths = tuple(general.possible_length)
        self.local_lengths = tuple(general.possible_length_local_only or ())
        self.valid = _validity(region)
        self.general = self.valid.general
        # The country-code heuristic (branch D) asks phonenumbers' pattern-only match
        # of the general description; gated by lengths it is the same when the
        # pattern matches no other length, as in all metadata today.
        if not self.general.dfa.lengths() <= set(self.lengths):
            raise Unsupported("general pattern matches lengths it does not list")

    #: by length code: too short, invalid length or local only (the national prefix stays)
    _prefix_blocked = np.array([False, True, False, True, True])

    def _length_result(self, lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int8]:
        return _length_codes(lengths, self.lengths, self.local_lengths)

    def __call__(self, texts: Any) -> tuple[BoolArray, IntArray, ObjArray, ObjArray]:
        """(handled, key, code, reason) for ``texts``; only ``handled`` rows are answered.

        ``key`` is the E.164 number's digits as an integer (``+919876543210`` →
        ``919876543210``; E.164 has at most 15 digits and never a leading zero, so
        the integer is exact), 0 where the number is not valid."""
        n = len(texts)
        handled = np.zeros(n, dtype=bool)
        key = np.zeros(n, dtype=np.int64)
        code = blank_texts(n)
        reason = blank_texts(n)
        shaped = plain(texts)
        if len(shaped.at):
            where = shaped.at
            handled[where], key[where], code[where], reason[where] = self.answer(shaped)
        return handled, key, code, reason

    def answer(self, shaped: Plain) -> tuple[BoolArray, IntArray, ObjArray, ObjArray]:
        """(handled, key, code, reason) for the texts of plain shape (:func:`plain`),
        row for row."""
        n = len(shaped.at)
        plus, digits, lengths = shaped.plus, shaped.digits, shaped.lengths
        simple = (lengths >= 3) & (lengths <= WIDTH)
        first = np.where(lengths > 0, digits[:, 0], -1)
        second = np.where(lengths > 1, digits[:, 1], -1)
        cc = [int(c) for c in self.cc]
        k = len(cc)
        starts_cc = np.ones(n, dtype=bool)
        for i, c in enumerate(cc):
            starts_cc &= (lengths > i) & (digits[:, i] == c)
        nsn_offset = np.full(n, -1, dtype=np.int64)

        # A: "+<cc>…" — the country code, then a national number not starting with 0
        a = simple & plus & starts_cc & (lengths > k)
        a &= digits[:, min(k, WIDTH - 1)] != 0
        nsn_offset[a] = k
        # B: no "+", starts 1-9, not with the country code: the whole number is national
        b = simple & ~plus & (first >= 1) & ~starts_cc
        nsn_offset[b] = 0
        # C: "0" then 1-9: the national prefix, stripped when phonenumbers would strip it
        if self.has_prefix:
            c = simple & ~plus & (first == 0) & (second >= 1)
            if c.any():
                rest = shifted(digits, 1)
                viable_whole = self.general.matches(digits, lengths, c)
                viable_rest = self.general.matches(rest, lengths - 1, c)
                strip = ~(viable_whole & ~viable_rest)
                strip &= ~self._prefix_blocked[self._length_result(lengths - 1)]
                nsn_offset[c & strip] = 1
        # D: no "+", starts with the country code: phonenumbers' keep-or-strip heuristic
        d = simple & ~plus & starts_cc & (lengths > k)
        d &= digits[:, min(k, WIDTH - 1)] != 0
        if d.any():
            rest = shifted(digits, k)
            whole_ok = self.general.matches(digits, lengths, d)
            rest_ok = self.general.matches(rest, lengths - k, d)
            strip_cc = (~whole_ok & rest_ok) | (self._length_result(lengths) == 2)
            nsn_offset[d & strip_cc] = k
            nsn_offset[d & ~strip_cc] = 0
        # … and when a 0 follows the code (``9108158387``): what would be stripped
        # then matters only if the whole number is no national number of a
        # possible length; when it is one, phonenumbers keeps it whole
        d0 = simple & ~plus & starts_cc & (lengths > k) & (digits[:, min(k, WIDTH - 1)] == 0)
        if d0.any():
            keep = self.general.matches(digits, lengths, d0)
            keep &= self._length_result(lengths) != 2
            nsn_offset[d0 & keep] = 0
        nsn_len = lengths - np.maximum(nsn_offset, 0)
        handled = (nsn_offset >= 0) & (nsn_len >= _MIN_NSN) & (nsn_len <= _MAX_NSN)
        key = np.zeros(n, dtype=np.int64)
        code = blank_texts(n)
        reason = blank_texts(n)
        if not handled.any():
            return handled, key, code, reason
        nsn = digits.copy()  # (the rows are shared: the international path reads them next)
        for offset in np.flatnonzero(np.bincount(nsn_offset[handled])).tolist():
            if offset:
                rows = np.flatnonzero(handled & (nsn_offset == offset))
                nsn[rows] = shifted(digits[rows], int(offset))
        ok = self.valid(nsn, nsn_len, handled)
        if ok.any():
            key[ok] = _e164_keys(self.cc, nsn[ok], nsn_len[ok])
        bad = handled & ~ok
        if bad.any():
            code[bad] = INVALID
            reason[bad] = _why_invalid(
                nsn_len[bad], self.lengths, self.local_lengths, self.region, self.cc
            )
        return handled, key, code, reason


class CallingCode:
    """Column-wise phonenumbers for ``+<cc>…`` texts of one country calling code.

    With a ``+``, phonenumbers ignores the default region: it takes the country
    code, strips a national prefix by the metadata of the code's main region
    (``region_code_for_country_code``), finds the number's region among those
    sharing the code (``_region_code_for_number_from_list``: the first whose
    leading digits start it, or, for one without leading digits, the first where
    it is valid), and validates it there; when invalid, the reason comes from the
    main region's lengths. This computes the same, for texts of plain digits and
    phone punctuation after the ``+``, except national numbers that start with 0
    or with the main region's national prefix (phonenumbers' stripping rules;
    "not handled"). Shared codes (``+1``, ``+44``, ``+61``) included.
    """

    def __init__(self, cc: int) -> None:
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(cc)
        if not regions or regions[0] == "001":
            raise Unsupported(f"no region for +{cc}")
        _check_code(cc)
        main = regions[0]
        meta = PhoneMetadata.metadata_for_region(main)
        general = meta.general_desc if meta is not None else None
        if meta is None or general is None or not general.possible_length:
            raise Unsupported("general description without lengths")
        self.cc = str(cc)
        self.main = main
        self.lengths = tuple(general.possible_length)
        self.local_lengths = tuple(general.possible_length_local_only or ())
        prefix = meta.national_prefix_for_parsing or meta.national_prefix
        # a national number the prefix pattern matches at its start is left alone
        self.prefix = _at_start(prefix) if prefix else None
        # (region, its leading digits): validity is compiled when a number gets there
        self.members: list[tuple[str, _Desc | None]] = []
        for region in regions:
            member = PhoneMetadata.metadata_for_region(region)
            if member is None:
                continue
            lead = member.leading_digits
            self.members.append((region, _at_start(lead) if lead else None))

    def answer(
        self, digits: npt.NDArray[np.int8], lengths: npt.NDArray[np.int64]
    ) -> tuple[BoolArray, IntArray, ObjArray, ObjArray, ObjArray]:
        """(handled, key, region, code, reason) for numbers whose digits (a row each,
        left-aligned, ``lengths`` long) start with this country code; only
        ``handled`` rows are answered, ``key`` as :class:`FastPath`'s."""
        n = len(lengths)
        k = len(self.cc)
        ok = lengths > k
        for i, c in enumerate(self.cc):
            ok &= digits[:, i] == int(c)
        nsn = shifted(digits, k)
        nsn_len = lengths - k
        ok &= (nsn_len >= _MIN_NSN) & (nsn_len <= _MAX_NSN) & (nsn[:, 0] != 0)
        if self.prefix is not None:
            ok &= ~self.prefix.matches(nsn, nsn_len, ok)
        valid = np.zeros(n, dtype=bool)
        of = blank_texts(n)
        left = ok.copy()
        for name, lead in self.members:
            if not left.any():
                break
            hit = left if lead is None else lead.matches(nsn, nsn_len, left)
            if not hit.any():
                continue
            try:
                mine = _validity(name)(nsn, nsn_len, hit)
            except Unsupported:  # this region's patterns: the rows still open go slow
                ok &= ~left
                break
            left &= ~(mine if lead is None else hit)
            valid |= mine
            of[mine] = name
        key = np.zeros(n, dtype=np.int64)
        if valid.any():
            key[valid] = _e164_keys(self.cc, nsn[valid], nsn_len[valid])
        code = blank_texts(n)
        reason = blank_texts(n)
        bad = ok & ~valid
        if bad.any():
            code[bad] = INVALID
            reason[bad] = _why_invalid(
                nsn_len[bad], self.lengths, self.local_lengths, self.main, self.cc
            )
        return ok, key, of, code, reason


@compiled_once
def calling_code(cc: int) -> CallingCode | None:
    """The fast path for ``+<cc>`` numbers, or ``None`` where it is off (remembered)."""
    try:
        return CallingCode(cc)
    except Unsupported:
        return None


#: The country codes there are, by length: ``_CODES[size][value]`` (prefix-free).
_CODES = [np.zeros(10**size, dtype=bool) for size in range(4)]
for _code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
    _CODES[len(str(_code))][_code] = True
#: Digits a "00"-form needs at most: the prefix, a country code, a national number.
_IDD_WIDTH = 2 + 3 + _MAX_NSN


def international_plain(
    shaped: Plain, *, idd: bool
) -> tuple[BoolArray, IntArray, ObjArray, ObjArray, ObjArray]:
    """(handled, key, region, code, reason), row for row, for texts of plain shape
    written with a country code: ``+<cc>…``, and with ``idd`` (the default region
    dials out with exactly ``00``) ``00<cc>…`` — which phonenumbers reads as the
    same number after a ``+``, unless a 0 follows the 00 (then it is not an
    international prefix; not handled).

    Punctuation anywhere (phonenumbers drops it before it reads the code, ``+ 971``
    and ``(00) 971`` alike); the country code found as phonenumbers finds it (the
    first 1-3 digits that are one: codes are prefix-free), then that code's
    :class:`CallingCode`."""
    n = len(shaped.at)
    handled = np.zeros(n, dtype=bool)
    key = np.zeros(n, dtype=np.int64)
    region = blank_texts(n)
    code = blank_texts(n)
    reason = blank_texts(n)
    digits, lengths, plus = shaped.digits, shaped.lengths, shaped.plus
    start = np.where(plus, 0, 2)
    take = plus.copy()
    if idd:
        take |= (lengths > 2) & (digits[:, 0] == 0) & (digits[:, 1] == 0) & (digits[:, 2] != 0)
    take &= lengths - start <= WIDTH
    rows = np.flatnonzero(take)
    if not len(rows):
        return handled, key, region, code, reason
    moved = digits[rows]
    from_idd = np.flatnonzero(start[rows] == 2)
    moved[from_idd] = shifted(moved[from_idd], 2)
    lens = lengths[rows] - start[rows]
    # the country code: the first 1, 2 or 3 digits that are one
    cc = np.zeros(len(rows), dtype=np.int64)
    value = np.zeros(len(rows), dtype=np.int64)
    for size in (1, 2, 3):
        long_enough = lens >= size
        value = value * 10 + np.where(long_enough, moved[:, size - 1], 0)
        found = (cc == 0) & long_enough & _CODES[size][value]
        cc[found] = value[found]
    for one in distinct(cc[cc > 0]).tolist():
        path = calling_code(one)
        if path is None:
            continue
        at = np.flatnonzero(cc == one)
        ok, k, r, c, why = path.answer(moved[at], lens[at])
        back = rows[at]
        handled[back], key[back], region[back], code[back], reason[back] = ok, k, r, c, why
    return handled, key, region, code, reason


@dataclass(frozen=True)
class Plain:
    """The texts of a column in plain phone shape — ASCII digits, spaces and
    ``( ) . -``, ``+`` only first, 3 to ``RAW - 1`` of them after the ``+`` — and
    their digits: what the fast paths read."""

    #: where they are in the column
    at: IntArray
    #: their digits, a row each (:func:`_compact_digits`, ``_IDD_WIDTH`` wide)
    digits: npt.NDArray[np.int8]
    lengths: IntArray
    #: written with a leading ``+``
    plus: BoolArray

    def take(self, rows: IntArray) -> Plain:
        """Only ``rows`` (indices into this)."""
        return Plain(self.at[rows], self.digits[rows], self.lengths[rows], self.plus[rows])


def plain(texts: Any) -> Plain:
    """The texts of plain shape in ``texts`` (a pyarrow string array), with their digits.

    One table lookup tags every byte (digit, phone punctuation, anything else) and
    the sort that compacts the digits (:func:`_compact_digits`) leaves anything
    else last in its row: one look at the last column tells the shape."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    arr = texts if isinstance(texts, pa.Array) else pa.array(texts, type=pa.string())
    none = np.zeros(0, dtype=np.int64)
    empty = Plain(none, np.zeros((0, _IDD_WIDTH), np.int8), none, np.zeros(0, bool))
    if not len(arr):
        return empty
    sizes = byte_lengths(arr)
    # ASCII (a byte a character) of 3 to RAW characters ("+" and RAW - 1 more)
    maybe = (sizes >= 3) & (sizes <= RAW) & pc.string_is_ascii(arr).to_numpy(zero_copy_only=False)
    at = np.flatnonzero(maybe)
    if not len(at):
        return empty
    some = arr if len(at) == len(arr) else arr.take(pa.array(at))
    raw = _byte_matrix(some, int(sizes[at].max()))
    plus = raw[:, 0] == ord("+")
    digits, lengths, shape_ok = _compact_digits(raw, _IDD_WIDTH, plus=plus)
    body = sizes[at] - plus
    ok = shape_ok & (body >= 3) & (body <= RAW - 1)
    if ok.all():
        return Plain(at, digits, lengths, plus)
    keep = np.flatnonzero(ok)
    return Plain(at[keep], digits[keep], lengths[keep], plus[keep])


#: Texts longer than this (in characters) are never "simple".
RAW = 32
#: 10**0 … 10**18: every power an E.164 integer key (at most 15 digits) needs.
POW10 = 10 ** np.arange(19, dtype=np.int64)


def _e164_keys(cc: str, nsn: npt.NDArray[np.int8], lengths: npt.NDArray[np.int64]) -> IntArray:
    """``<cc><nsn>`` as integers, by Horner's rule over each length's rows (a column
    holds mostly one length)."""
    national = np.zeros(len(lengths), dtype=np.int64)
    counts = np.bincount(lengths)
    for length in np.flatnonzero(counts).tolist():
        whole = counts[length] == len(lengths)
        rows = None if whole else np.flatnonzero(lengths == length)
        block = nsn if rows is None else nsn[rows]
        value = np.zeros(len(block), dtype=np.int64)
        for column in range(length):
            value = value * 10 + block[:, column]
        if rows is None:
            national = value
        else:
            national[rows] = value
    result: IntArray = int(cc) * POW10[lengths] + national
    return result


def _compact_digits(
    raw: npt.NDArray[np.uint8], width: int, *, plus: BoolArray | None = None
) -> tuple[npt.NDArray[np.int8], IntArray, BoolArray]:
    """Each row's digits moved to the left (values 0-9, then PAD), how many, and
    whether the row holds only digits and phone punctuation (``plus``: rows whose
    first byte, a ``+``, counts as punctuation).

    One sort per row does it: each byte is tagged ``(kind, column)`` in its high
    bits — digit, punctuation, anything else — so sorting a row puts its digits
    first, in their order, and anything else last. A byte that is not a digit is
    made ``"0" + PAD`` first, so the rest reads as PAD (by one table lookup)."""
    n, raw_width = raw.shape
    tagged = _TAGS.take(raw)
    if plus is not None:
        tagged[plus, 0] = _PUNCTUATION
    tagged |= np.arange(raw_width, dtype=np.uint16) << 8  # (at most 32 columns: RAW)
    tagged.sort(axis=1)
    take = min(width, raw_width)
    digits = np.full((n, width), PAD, dtype=np.int8)
    digits[:, :take] = tagged[:, :take].astype(np.uint8).view(np.int8) - np.int8(48)
    # how many: a column at a time (a row-wise count over so few columns is slower)
    is_digit = tagged < _PUNCTUATION
    lengths = np.zeros(n, dtype=np.int64)
    for column in range(raw_width):
        lengths += is_digit[:, column]
    shaped: BoolArray = tagged[:, -1] < _OTHER
    return digits, lengths, shaped


#: A byte's tag before its column goes in: a digit is itself; phone punctuation
#: (and the padding space) ``_PUNCTUATION``, anything else ``_OTHER`` — each
#: "0" + PAD in the low byte, so it reads as PAD, and each sorting after the digits.
_PUNCTUATION = 0x2000 + 48 + PAD
_OTHER = 0x4000 + 48 + PAD
_TAGS = np.full(256, _OTHER, dtype=np.uint16)
_TAGS[[ord(ch) for ch in " ().-"]] = _PUNCTUATION
_TAGS[48:58] = np.arange(48, 58)


def _byte_matrix(arr: Any, width: int) -> npt.NDArray[np.uint8]:
    """ASCII strings of at most ``width`` characters → an (n × width) byte matrix.

    Padded with spaces to exactly ``width``, the Arrow data buffer *is* the matrix."""
    import pyarrow.compute as pc

    fixed = pc.utf8_rpad(arr, width=width, padding=" ")
    offsets = np.frombuffer(fixed.buffers()[1], dtype=np.int32)
    start, end = offsets[fixed.offset], offsets[fixed.offset + len(arr)]
    if end - start != len(arr) * width:  # a longer string would shift every row after it
        raise ValueError("strings longer than the matrix width")
    data = np.frombuffer(fixed.buffers()[2], dtype=np.uint8)[start : start + len(arr) * width]
    return data.reshape(len(arr), width)
