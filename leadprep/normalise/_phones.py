"""Normalise stage, phones: text → E.164, with phonenumbers as the definition.

:func:`normalise_phones` takes a column of phone texts and answers, for each, the
E.164 form, the region it belongs to, and why not when it is not a valid number.
It works on the column's *distinct* values only (lead lists repeat numbers and
formats), memoising answers across batches, so its inner loop is one call per
distinct string. A faster classifier can replace :func:`normalise_one`'s callers
without touching anyone else, as long as it gives phonenumbers' exact answer.

Deliberate difference from a bare ``phonenumbers.parse``: text written in
scientific notation (``9.87654E+09``) is ``phone_precision_lost``, because the
digits it stood for are gone and phonenumbers would happily read the mantissa.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from .._exceptions import UsageError
from .._types import BoolArray, IntArray, ObjArray, blank_texts
from ..dialnexa import DEFAULT_REGION
from ._dfa import Unsupported, compiled_once
from ._fastpath import (
    INVALID,
    LOST,
    FastPath,
    Plain,
    digits_wanted,
    international_plain,
    plain,
)
from ._fastpath import POW10 as POW10  # re-exported: the powers E.164 keys use

SCIENTIFIC = re.compile(r"^\s*[+-]?\d+(?:[.,]\d*)?\s*[eE]\s*[+-]?\d+\s*$")

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}
_POSSIBLE_REASONS = {
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "wrong number of digits",
}
#: is_possible_number_with_reason's verdicts, as the fast path's length codes.
_LENGTH_CODES = {
    ValidationResult.TOO_SHORT: 1,
    ValidationResult.TOO_LONG: 2,
    ValidationResult.INVALID_LENGTH: 3,
}

_LOST = "written in scientific notation; digits were lost"

#: (e164, region, code, reason); e164/region are "" and code set when not valid.
Answer = tuple[str, str, str, str]

#: Distinct texts remembered; lead lists repeat formats far more than this within a file.
_CACHE_LIMIT = 200_000


def check_region(region: str) -> str:
    """Upper-case ``region`` and refuse ones phonenumbers does not know."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise UsageError(
            f"unknown region {region!r}",
            hint="use a two-letter ISO country code such as IN, US or GB",
        )
    return code


def normalise_one(text: str, region: str) -> Answer:
    """phonenumbers' verdict on one phone text, in the region ``region``."""
    if SCIENTIFIC.match(text):
        return "", "", LOST, _LOST
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        return "", "", INVALID, _PARSE_REASONS.get(exc.error_type, str(exc))
    if not phonenumbers.is_valid_number(number):
        possible = phonenumbers.is_possible_number_with_reason(number)
        reason = _POSSIBLE_REASONS.get(possible, "no such area code or mobile prefix")
        where = phonenumbers.region_code_for_country_code(number.country_code or 0)
        if where not in ("ZZ", None):
            has = len(phonenumbers.national_significant_number(number))
            reason += f" for {where} (+{number.country_code})"
            reason += digits_wanted(_LENGTH_CODES.get(possible, 0), has, where)
        return "", "", INVALID, reason
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    region_of = phonenumbers.region_code_for_number(number) or ""
    return e164, region_of, "", ""


@dataclass
class PhoneColumn:
    """Answers for a column of phone texts, aligned with the input.

    ``key`` holds each valid number's E.164 digits as an integer (exact: E.164
    is at most 15 digits and starts 1-9), 0 where the number is not valid;
    ``e164`` is the text form, made on first use."""

    key: IntArray
    region: ObjArray
    code: ObjArray
    reason: ObjArray

    @functools.cached_property
    def e164(self) -> ObjArray:
        return e164_text(self.key)


def e164_key(e164: str) -> int:
    """``"+919876543210"`` → ``919876543210``."""
    return int(e164[1:])


def e164_arrow(keys: IntArray) -> Any:
    """Integer keys (all valid) → a pyarrow string array of ``+<digits>``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.binary_join_element_wise("+", pc.cast(pa.array(keys, pa.int64()), pa.string()), "")


def e164_text(keys: IntArray) -> ObjArray:
    """Integer keys → E.164 strings (``""`` where the key is 0)."""
    out = blank_texts(len(keys))
    ok = keys > 0
    if ok.any():
        out[ok] = e164_arrow(keys[ok]).to_numpy(zero_copy_only=False)
    return out


@dataclass
class _Answers:
    """The answer arrays of a column being normalised, filled in place."""

    key: IntArray
    code: ObjArray
    reason: ObjArray
    region: ObjArray

    def put(
        self,
        rows: IntArray,
        key: IntArray,
        code: ObjArray,
        reason: ObjArray,
        region: str | ObjArray,
    ) -> None:
        """The answers for ``rows``; ``region`` is that of the valid ones (one for
        all, or row by row)."""
        self.key[rows], self.code[rows], self.reason[rows] = key, code, reason
        valid = key > 0
        self.region[rows[valid]] = region if isinstance(region, str) else region[valid]


class PhoneNormaliser:
    """Column-wise front to :func:`normalise_one` for one region.

    In turn, each answering what the one before left: the common shapes of the
    region's own numbers through :class:`~leadprep.normalise._fastpath.FastPath`
    (phonenumbers' answer, computed column-wise); other countries' numbers
    written with their code through their country code's (:meth:`_international`);
    words around a number, or no number at all, by what phonenumbers would read
    of them (:meth:`_words`); the rest through phonenumbers itself, memoised.
    ``fast=False`` sends everything through phonenumbers (the reference).
    """

    def __init__(self, region: str = DEFAULT_REGION, *, fast: bool = True) -> None:
        self.region = check_region(region)
        self._cache: dict[str, tuple[int, str, str, str]] = {}
        self.fast: FastPath | None = None
        if fast:
            try:
                self.fast = _fast_path(self.region)
            except Unsupported:
                self.fast = None

    def __call__(self, texts: Any) -> PhoneColumn:
        """Answers for ``texts`` (a NumPy column of str, or a pyarrow string array).

        No de-duplication up front: lead columns are mostly distinct and hashing
        them costs more than the fast path; the slow path memoises instead.
        """
        import pyarrow as pa

        column = (
            texts
            if isinstance(texts, pa.Array | pa.ChunkedArray)
            else pa.array(np.asarray(texts, dtype=object), pa.string())
        )
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        n = len(column)
        region = blank_texts(n)
        shaped = None
        if self.fast is not None and n:
            key = np.zeros(n, dtype=np.int64)
            code = blank_texts(n)
            reason = blank_texts(n)
            shaped = plain(column)  # read once: the international path reads them too
            handled_plain, key_plain, code_plain, reason_plain = self.fast.answer(shaped)
            where = shaped.at
            key[where], code[where], reason[where] = key_plain, code_plain, reason_plain
            region[key > 0] = self.fast.region
            slow = np.ones(n, dtype=bool)
            slow[where[handled_plain]] = False
            shaped = shaped.take(np.flatnonzero(~handled_plain))
        else:
            key = np.zeros(n, dtype=np.int64)
            code = blank_texts(n)
            reason = blank_texts(n)
            slow = np.ones(n, dtype=bool)
        cache = self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        rows = np.flatnonzero(slow)
        if not len(rows):
            return PhoneColumn(key=key, region=region, code=code, reason=reason)
        # The column-wise answers (cheap, repeats and all), then phonenumbers for the
        # few texts left, each distinct one asked once (a list repeats its junk).
        missed = slow
        if shaped is not None:
            out = _Answers(key, code, reason, region)
            answered = self._international(shaped, out)
            answered |= self._scientific(column, missed & ~answered, out)
            answered |= self._words(column, missed & ~answered, out)
            missed = missed & ~answered
        rows = np.flatnonzero(missed)
        texts_slow = column.take(pa.array(rows)).to_numpy(zero_copy_only=False)
        for i, text in zip(rows.tolist(), texts_slow.tolist(), strict=True):
            answer = cache.get(text)  # (a text may repeat within the batch)
            if answer is None:
                e164, region_of, code_of, reason_of = normalise_one(text, self.region)
                answer = cache[text] = (
                    e164_key(e164) if e164 else 0,
                    region_of,
                    code_of,
                    reason_of,
                )
            key[i], region[i], code[i], reason[i] = answer
        return PhoneColumn(key=key, region=region, code=code, reason=reason)

    def _international(self, shaped: Plain, out: _Answers) -> BoolArray:
        """Answer the texts of plain shape the fast path left (``shaped``) that are
        written with a country code (``+971 50…``, ``00971 50…``, ``+1 415…``) by
        :func:`~leadprep.normalise._fastpath.international_plain`; fill ``out`` in
        place and return which rows of the column were answered.

        With a ``+`` phonenumbers ignores the default region; ``00`` is read the
        same way where the default region dials out with exactly ``00``."""
        answered = np.zeros(len(out.key), dtype=bool)
        handled, k, where, c, r = international_plain(shaped, idd=_dials_out_with_00(self.region))
        take = shaped.at[handled]
        out.put(take, k[handled], c[handled], r[handled], where[handled])
        answered[take] = True
        return answered

    def _words(self, column: Any, todo: BoolArray, out: _Answers) -> BoolArray:
        """Answer rows ``todo`` that are words around a number, or no number at all
        (``call later``, ``lead123@example.com``, ``Mob: 98765 43210.``), as
        phonenumbers does; fill ``out`` in place, return which were answered.

        ``phonenumbers.parse`` reads only what :data:`_EXTRACT` keeps of an ASCII
        text without ``;`` (no RFC 3966 parameters) of at most 250 characters:
        from the first ``+`` or digit, less trailing characters that are neither
        letters, digits nor ``#``, cut before a second number (``/x``). Nothing
        kept, a single character, or a character its viability pattern cannot
        match (``@``, ``_``, ``!``…) is "not a phone number"; what is kept and has
        the plain phone shape is answered by the fast path exactly as the text
        itself would be (``tests/test_phones.py`` compares every case)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        answered = np.zeros(len(todo), dtype=bool)
        rows = np.flatnonzero(todo)
        texts = column.take(pa.array(rows))
        plain = pc.and_(
            pc.and_(pc.string_is_ascii(texts), pc.invert(pc.match_substring(texts, ";"))),
            pc.and_(
                pc.less_equal(pc.utf8_length(texts), _MAX_INPUT),
                # a text of the plain shape was the fast path's already, and refused
                pc.invert(pc.match_substring_regex(texts, _PLAIN_SHAPE)),
            ),
        ).to_numpy(zero_copy_only=False)
        if not plain.any():
            return answered
        at = np.flatnonzero(plain)
        kept = texts.take(pa.array(at))
        for pattern in _EXTRACT:
            kept = pc.replace_substring_regex(kept, pattern, "")
        dead = pc.or_(
            pc.less(pc.utf8_length(kept), 2), pc.match_substring_regex(kept, _NOT_VIABLE)
        ).to_numpy(zero_copy_only=False)
        done = rows[at[dead]]
        out.code[done] = INVALID
        out.reason[done] = _PARSE_REASONS[NumberParseException.NOT_A_NUMBER]
        answered[done] = True
        shaped = ~dead & pc.match_substring_regex(kept, _PLAIN_SHAPE).to_numpy(zero_copy_only=False)
        lettered = ~dead & pc.match_substring_regex(kept, _LETTERS_AFTER).to_numpy(
            zero_copy_only=False
        )
        numbers = np.flatnonzero(shaped & ~lettered)
        spelled = np.flatnonzero(lettered)
        if (len(numbers) or len(spelled)) and self.fast is not None:
            # the plain numbers as they are, then the lettered ones as dialled
            asked = pa.concat_arrays(
                [kept.take(pa.array(numbers)), _as_digits(kept.take(pa.array(spelled)))]
            )
            handled, k, c, r = self.fast(asked)
            take = rows[at[np.concatenate([numbers, spelled])][handled]]
            out.put(take, k[handled], c[handled], r[handled], self.fast.region)
            answered[take] = True
        return answered

    def _scientific(self, column: Any, todo: BoolArray, out: _Answers) -> BoolArray:
        """Rows ``todo`` in scientific notation (``9.87654E+09``): the digits are lost.

        :data:`SCIENTIFIC` with ASCII digits and spaces, as RE2 reads it: what it
        matches, Python's Unicode-aware pattern matches too (the rest is asked
        one by one)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        answered = np.zeros(len(todo), dtype=bool)
        rows = np.flatnonzero(todo)
        hit = pc.match_substring_regex(column.take(pa.array(rows)), SCIENTIFIC.pattern)
        done = rows[hit.to_numpy(zero_copy_only=False)]
        out.code[done] = LOST
        out.reason[done] = _LOST
        answered[done] = True
        return answered


#: phonenumbers' longest input (``_MAX_INPUT_STRING_LENGTH``).
_MAX_INPUT = 250
#: ``_extract_possible_number`` on ASCII text, as three RE2 replacements: drop what
#: comes before the first ``+`` or digit, then trailing characters other than
#: letters, digits and ``#``, then a second number (``/x…``, ``\ x…``) and after.
_EXTRACT = (r"^[^+0-9]*", r"(?:_|[^#A-Za-z0-9])+$", r"[\\/] *x.*$")
#: A character ``_VALID_PHONE_NUMBER_PATTERN`` can never match (ASCII): one makes
#: the text "not a phone number".
_NOT_VIABLE = r"[^0-9A-Za-z \t()\[\]./~*+,;=:#-]"
#: What the fast path reads: digits and phone punctuation, ``+`` first.
_PLAIN_SHAPE = r"^\+?[0-9 ().-]+$"
#: A plain number of three digits or more, then words (``5879147 pm``, ``98765 43210
#: (office``): viable, as letters after the third digit are; ending in a letter, no
#: extension can follow.
_LETTERS_AFTER = r"^\+?(?:[ ().-]*[0-9]){3,}[A-Za-z ().-]*[A-Za-z]$"
#: The phone keypad: with three letters or more phonenumbers dials them.
_KEYPAD = ("ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ")
#: Each byte as the keypad dials it (a letter: its key's digit; anything else: itself).
_DIALLED = np.arange(256, dtype=np.uint8)
for _digit, _letters in enumerate(_KEYPAD, start=2):
    for _letter in _letters + _letters.lower():
        _DIALLED[ord(_letter)] = ord(str(_digit))


def _as_digits(kept: Any) -> Any:
    """The digits phonenumbers reads in ``kept`` (ASCII: plain numbers then letters):
    with fewer than three letters (``_VALID_ALPHA_PHONE_PATTERN``) it drops them,
    with three or more it dials them on the keypad (``_ALPHA_PHONE_MAPPINGS``) —
    a byte for a byte, so by one table lookup over the array's text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kept = kept.combine_chunks() if isinstance(kept, pa.ChunkedArray) else kept
    validity, offsets, data = kept.buffers()
    text = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    dialled = pa.Array.from_buffers(
        pa.string(),
        len(kept),
        [validity, offsets, pa.py_buffer(_DIALLED[text])],
        null_count=kept.null_count,
        offset=kept.offset,
    )
    few = pc.less(pc.count_substring_regex(kept, "[A-Za-z]"), 3)
    return pc.if_else(few, pc.replace_substring_regex(kept, "[A-Za-z]", ""), dialled)


@compiled_once
def _fast_path(region: str) -> FastPath:
    return FastPath(region)


@functools.cache
def _dials_out_with_00(region: str) -> bool:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return meta is not None and meta.international_prefix == "00"
