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

from leadprep.normalise._dfa import PAD, DigitDFA, Matcher, Unsupported, shifted

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


def _matrix(texts: list[str], width: int) -> tuple[np.ndarray, np.ndarray]:
    """``texts`` as a digit matrix: a row's digits, then PAD."""
    digits = np.full((len(texts), width), PAD, dtype=np.int8)
    for row, text in enumerate(texts):
        digits[row, : len(text)] = [int(ch) for ch in text]
    return digits, np.array([len(t) for t in texts], dtype=np.int64)


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
        matcher = Matcher.of(DigitDFA.compile(pattern))
        texts = _strings(pattern, rng)
        digits, lengths = _matrix(texts, max(map(len, texts)) + chunk % 2)  # odd widths too
        got = matcher.match(digits, lengths)
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
        row, length = _matrix([text], max(len(text), 1))
        assert bool(Matcher.of(dfa).match(row, length)[0]) is expected, text


@pytest.mark.parametrize("pattern", ["(?=1)1", "\\w", "1\\b", "a.b", "(1", "1{2", "(?P<x>1)"])
def test_what_it_cannot_translate_exactly_is_refused(pattern: str) -> None:
    with pytest.raises(Unsupported):
        DigitDFA.compile(pattern)


def test_a_matcher_answers_only_the_rows_asked_and_by_length() -> None:
    texts = ["123", "1234", "12345", "123456", "", "99"]
    digits, lengths = _matrix(texts, 8)
    matcher = Matcher.of(DigitDFA.compile("\\d+"), frozenset({3, 5, 6}))
    assert matcher.match(digits, lengths).tolist() == [True, False, True, True, False, False]
    among = np.array([False, True, True, False, True, True])
    assert matcher.match(digits, lengths, among).tolist() == [False] * 2 + [True] + [False] * 3


def test_a_row_longer_than_its_matrix_never_matches() -> None:
    digits, _ = _matrix(["1234"], 4)
    matcher = Matcher.of(DigitDFA.compile("\\d+"))
    assert matcher.match(digits, np.array([4])).tolist() == [True]
    assert matcher.match(digits, np.array([6])).tolist() == [False]


def test_side_by_side_dfas_accept_as_their_rule_says() -> None:
    # "general" 1\d{2,4}, "types" \d*5 of 4 digits and 1[0-4]\d* of any length:
    # valid = general and any type, as phonenumbers' validity reads them
    parts = [DigitDFA.compile(p) for p in ("1\\d{2,4}", "\\d*5", "1[0-4]\\d*")]
    masks = [np.uint64(1 << 4), np.uint64((1 << 64) - 1)]

    def accept(found: np.ndarray) -> np.ndarray:
        hit = np.zeros(len(found), dtype=np.uint64)
        for column, mask in enumerate(masks, start=1):
            hit |= np.where(found[:, column], mask, np.uint64(0))
        return np.where(found[:, 0], hit, np.uint64(0))

    matcher = Matcher.joint(parts, accept)
    texts = ["125", "1555", "175", "1755", "10", "15555", "2005", "17555"]
    want = [
        re.fullmatch("1\\d{2,4}", t) is not None
        and ((len(t) == 4 and t.endswith("5")) or re.fullmatch("1[0-4]\\d*", t) is not None)
        for t in texts
    ]
    assert matcher.match(*_matrix(texts, 6)).tolist() == want


def test_shifting_a_matrix_pads_its_end() -> None:
    digits, _ = _matrix(["12345", "9"], 6)
    assert shifted(digits, 2).tolist() == [[3, 4, 5, PAD, PAD, PAD], [PAD] * 6]


def test_a_key_asked_by_several_threads_at_once_is_compiled_once() -> None:
    import threading
    import time

    from leadprep.normalise._dfa import compiled_once

    calls: list[str] = []

    @compiled_once
    def slow(key: str) -> str | None:
        calls.append(key)
        time.sleep(0.05)  # long enough for every thread to ask meanwhile
        if key == "bad":
            raise Unsupported(key)
        return None if key == "none" else key.upper()

    def ask(key: str) -> None:
        try:
            answers.append(slow(key))
        except Unsupported:
            answers.append("unsupported")

    answers: list[str | None] = []
    threads = [threading.Thread(target=ask, args=(k,)) for k in ["in", "none", "bad"] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(calls) == ["bad", "in", "none"]  # once each, None and refusals too
    assert sorted(map(str, answers)) == sorted(["IN", "None", "unsupported"] * 4)
