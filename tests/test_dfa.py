"""The digit DFAs (``leadprep/normalise/_dfa.py``) against ``re.fullmatch``.

Every national-number pattern in phonenumbers' metadata, for every region, is
compiled and run over digit strings of every length the pattern could match and
a few more; each answer must be ``re.fullmatch``'s. The compiler uses a parser of
its own (not Python's private ``re._parser``), so this is what keeps it honest.
"""

from __future__ import annotations

import random
import re

import numpy as np
import phonenumbers
import pytest
from phonenumbers.phonemetadata import PhoneMetadata

from leadprep.normalise._dfa import DigitDFA, Unsupported

DESCS = (
    "general_desc",
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
    "no_international_dialling",
)


def metadata_patterns() -> list[str]:
    found: set[str] = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        meta = PhoneMetadata.metadata_for_region(region)
        for name in DESCS:
            desc = getattr(meta, name, None)
            if desc is not None and desc.national_number_pattern:
                found.add(desc.national_number_pattern)
    return sorted(found)


PATTERNS = metadata_patterns()


def _strings(pattern: str, rng: random.Random) -> list[str]:
    """Digit strings worth asking about: random ones of lengths 1-18, and near misses
    of strings the pattern matches (one digit changed, one added or dropped)."""
    out = [
        "".join(rng.choice("0123456789") for _ in range(n)) for n in range(1, 19) for _ in (0, 1)
    ]
    compiled = re.compile(pattern)
    for _ in range(200):  # random probes that happen to match, and their neighbours
        s = "".join(rng.choice("0123456789") for _ in range(rng.randint(2, 17)))
        if compiled.fullmatch(s):
            i = rng.randrange(len(s))
            out += [s, s[:i] + rng.choice("0123456789") + s[i + 1 :], s + "1", s[:-1]]
    return out


def test_every_metadata_pattern_compiles() -> None:
    failed = []
    for pattern in PATTERNS:
        try:
            DigitDFA.compile(pattern)
        except Unsupported as exc:
            failed.append(f"{pattern[:60]}: {exc}")
    assert not failed, "\n".join(failed[:10])


@pytest.mark.parametrize("chunk", range(8))
def test_dfas_answer_as_re_fullmatch_does(chunk: int) -> None:
    rng = random.Random(chunk)  # noqa: S311 - test data
    for pattern in PATTERNS[chunk::8]:
        dfa = DigitDFA.compile(pattern)
        texts = _strings(pattern, rng)
        width = max(map(len, texts))
        digits = np.zeros((len(texts), width), dtype=np.int8)
        for row, text in enumerate(texts):
            digits[row, : len(text)] = [int(ch) for ch in text]
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        got = dfa.fullmatch_padded(digits, lengths)
        want = np.array([re.fullmatch(pattern, t) is not None for t in texts])
        wrong = [t for t, g, w in zip(texts, got, want, strict=True) if g != w]
        assert not wrong, f"{pattern[:80]}: {wrong[:5]}"


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("[2-9]\\d{2}", ["200", "999"], ["100", "20", "2000"]),
        ("(?:1[0-2]|[^0-9])\\d?", ["10", "121"], ["13", "1", "0"]),
        ("9(?:0|5\\d{1,2})*", ["9", "90", "9512", "95050"], ["951234", "8"]),
        ("[]0-3]{2,}?", ["03", "333"], ["4", "0"]),
        ("\\d+|4", ["4", "123"], [""]),
    ],
)
def test_the_dialect_pieces(pattern: str, matches: list[str], misses: list[str]) -> None:
    dfa = DigitDFA.compile(pattern)
    for text, expected in [*((m, True) for m in matches), *((m, False) for m in misses)]:
        assert (re.fullmatch(pattern, text) is not None) is expected  # the oracle agrees
        row = np.array([[int(c) for c in text] or [0]], dtype=np.int8)
        assert bool(dfa.fullmatch_padded(row, np.array([len(text)]))[0]) is expected, text


@pytest.mark.parametrize("pattern", ["(?=1)1", "\\w", "1\\b", "a.b", "(1", "1{2", "(?P<x>1)"])
def test_what_it_cannot_translate_exactly_is_refused(pattern: str) -> None:
    with pytest.raises(Unsupported):
        DigitDFA.compile(pattern)
