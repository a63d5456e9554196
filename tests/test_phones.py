"""The phone normaliser gives exactly phonenumbers' answer (spec §4).

The only deliberate difference: text in scientific notation is
``phone_precision_lost`` (the digits are gone), so it is excluded from the
agreement property and tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadprep import PhoneNormaliser, UsageError
from leadprep.normalise import SCIENTIFIC, normalise_one
from leadprep.normalise._fastpath import calling_code

REGIONS = ["IN", "US", "GB", "AE", "SG"]

phone_like = st.one_of(
    st.text(alphabet="0123456789 +-().", min_size=0, max_size=20),
    st.builds(
        lambda prefix, digits, sep: prefix + sep.join(digits),
        st.sampled_from(["", "+", "+91", "91", "0", "00", "0091", "+1", "+44", "tel:+91", "+971"]),
        st.lists(st.text(alphabet="0123456789", min_size=1, max_size=5), min_size=1, max_size=5),
        st.sampled_from(["", " ", "-", ".", "\u00a0", "\u200b"]),
    ),
    st.text(min_size=0, max_size=20),
    st.from_regex(r"[6-9][0-9]{9}", fullmatch=True),
    st.from_regex(r"\+?[0-9]{1,3}[ ]?[0-9]{4,12}( ?(ext|x|#)\.? ?[0-9]{1,4})?", fullmatch=True),
)


def reference(text: str, region: str) -> str | None:
    """What a careful hand-written script gets: E.164 of a valid number, else None."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@given(text=phone_like, region=st.sampled_from(REGIONS))
def test_normaliser_agrees_with_phonenumbers(text: str, region: str) -> None:
    if SCIENTIFIC.match(text):
        return
    e164, region_of, code, _ = normalise_one(text, region)
    expected = reference(text, region)
    assert (e164 or None) == expected
    assert (code == "") == (expected is not None)
    if expected:
        parsed = phonenumbers.parse(expected)
        assert region_of == phonenumbers.region_code_for_number(parsed)


@given(texts=st.lists(phone_like, max_size=40), region=st.sampled_from(REGIONS))
def test_column_normaliser_matches_one_by_one(texts: list[str], region: str) -> None:
    normaliser = PhoneNormaliser(region)
    column = normaliser(np.array(texts, dtype=object))
    again = normaliser(np.array(texts, dtype=object))  # memoised path
    for i, text in enumerate(texts):
        one = normalise_one(text, region)
        assert (column.e164[i], column.region[i], column.code[i]) == one[:3]
        assert (again.e164[i], again.code[i]) == (one[0], one[2])


ADVERSARIAL = [
    "9847152630",
    "+91 98471 52630",
    "098471 52630",
    "919847152630",
    "0091 98471 52630",
    "+91-98471-52630",
    "(98471) 52630",
    "९८७६५४३२१०",  # Devanagari digits
    "٩٨٧٦٥٤٣٢١٠",  # Arabic-Indic digits
    "98765\u00a043210",
    "98765\u200b43210",
    "tel:+91-98471-52630",
    "+91 98471 52630 ext. 12",
    "+91 98471 52630 x12",
    "9",
    "98",
    "98471526309847152630",
    "+",
    "++919847152630",
    "+0 98471 52630",
    "  +1 (415) 555-2671  ",
    "+44 20 7946 0958",
    "2071234567",
    "+91 22 2345 6789",
    "1800 123 4567",
    "N/A",
    "null",
    "",
]


SCIENTIFIC_TEXTS = ["9.87654E+09", "9.87654e9", "1E10", "-9.8E+09", " 9,87654E+09 ", "+9.8E9"]


@pytest.mark.parametrize("text", SCIENTIFIC_TEXTS)
def test_scientific_notation_is_precision_lost(text: str) -> None:
    assert normalise_one(text, "IN")[2] == "phone_precision_lost"


def test_scientific_notation_is_precision_lost_column_wise_too() -> None:
    texts = [*SCIENTIFIC_TEXTS, "9.8E+09\u2003", "\u0669.8E+09", "9847152630"]
    column = PhoneNormaliser("IN")(np.array(texts, dtype=object))
    assert column.code.tolist() == [normalise_one(t, "IN")[2] for t in texts]
    assert column.code.tolist()[:-1] == ["phone_precision_lost"] * (len(texts) - 1)


def test_invalid_numbers_say_why() -> None:
    assert "too short" in normalise_one("98765", "IN")[3]
    assert "not a phone number" in normalise_one("N/A", "IN")[3]


def test_unknown_region_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="XX"):
        PhoneNormaliser("XX")


def test_region_is_case_insensitive() -> None:
    assert PhoneNormaliser("in").region == "IN"


# --- the column-wise fast path must give phonenumbers' exact answer -----------------

fast_shapes = st.builds(
    lambda prefix, digits, seps: (
        prefix + "".join(d + s for d, s in zip(digits, seps, strict=False))
    ),
    st.sampled_from(
        ["", "+", "+91", "91", "0", "00", "0091", "+1", "+9", "+910", "9", "910", "(", "+ "]
    ),
    st.text(alphabet="0123456789", min_size=0, max_size=18),
    st.lists(st.sampled_from(["", "", "", " ", "-", ".", "(", ")"]), min_size=18, max_size=18),
)


def oracle(text: str, region: str) -> tuple[str, str]:
    """(E.164, region) straight from phonenumbers; ("", "") when not a valid number.

    Text in scientific notation is the one deliberate difference (its digits are
    gone): never valid, whatever phonenumbers would make of the mantissa."""
    if SCIENTIFIC.match(text):
        return "", ""
    e164 = reference(text, region)
    if e164 is None:
        return "", ""
    return e164, phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or ""


def assert_same_as_reference(texts: list[str], region: str) -> None:
    """The column-wise normaliser (fast path on) gives phonenumbers' answer for every text;
    its reasons for invalid numbers are those of the one-at-a-time path."""
    column = np.array(texts, dtype=object)
    normaliser = PhoneNormaliser(region)
    assert normaliser.fast is not None, f"no fast path for {region}"
    fast = normaliser(column)
    want = [oracle(t, region) for t in texts]
    got = list(zip(fast.e164.tolist(), fast.region.tolist(), strict=True))
    diff = [(t, g, w) for t, g, w in zip(texts, got, want, strict=True) if g != w]
    assert not diff, f"{region}: (text, leadprep, phonenumbers) differ: {diff[:5]}"
    assert [c == "" for c in fast.code.tolist()] == [bool(e) for e, _ in want]
    reasons = [normalise_one(t, region)[3] for t in texts]
    assert fast.reason.tolist() == reasons


def test_fast_path_is_on_for_india_and_takes_the_common_shapes() -> None:
    normaliser = PhoneNormaliser("IN")
    assert normaliser.fast is not None
    shapes = ["9847152630", "+91 98471 52630", "098471-52630", "919847152630", "(98471) 52630"]
    handled, *_ = normaliser.fast(shapes)
    assert handled.all()
    handled, *_ = normaliser.fast(["tel:+919847152630", "९८७६५४३२१०", "0091 98471 52630"])
    assert not handled.any()  # unusual shapes go to phonenumbers itself


@given(texts=st.lists(fast_shapes, min_size=1, max_size=60))
def test_fast_path_equals_phonenumbers_on_phone_shaped_text(texts: list[str]) -> None:
    assert_same_as_reference(texts, "IN")


@given(texts=st.lists(phone_like, min_size=1, max_size=60))
def test_fast_path_equals_phonenumbers_on_any_text(texts: list[str]) -> None:
    assert_same_as_reference(texts, "IN")


@given(
    nsn=st.integers(min_value=10**6, max_value=10**12),
    shape=st.sampled_from(["{}", "0{}", "91{}", "+91{}", "+91 {}", "0-{}", "({})"]),
)
def test_fast_path_equals_phonenumbers_on_every_number_range(nsn: int, shape: str) -> None:
    assert_same_as_reference([shape.format(nsn)], "IN")


def test_fast_path_on_the_adversarial_corpus() -> None:
    corpus = ADVERSARIAL + [
        f"{p}{n}"
        for p in ("", "0", "91", "+91", "00", "+0", "+910", "0 ")
        for n in (
            "9847152630",
            "1800123456",
            "2223456789",
            "140123456",
            "98765",
            "12",
            "98471526301",
            "9847152630123456789",
            "0000000000",
            "6000000000",
        )
    ]
    assert_same_as_reference(corpus, "IN")


# --- every region where the fast path switches on ------------------------------------

FAST_REGIONS = sorted(r for r in phonenumbers.SUPPORTED_REGIONS if PhoneNormaliser(r).fast)
NUMBER_TYPES = [
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.VOIP,
]


def examples(region: str) -> list[phonenumbers.PhoneNumber]:
    """phonenumbers' own example numbers of ``region``, one per type it has."""
    found = (phonenumbers.example_number_for_type(region, t) for t in NUMBER_TYPES)
    return [n for n in found if n is not None]


def shapes_of(number: phonenumbers.PhoneNumber, region: str) -> list[str]:
    """How exports write one number: national, international, E.164, bare digits, near misses."""
    fmt = phonenumbers.PhoneNumberFormat
    nsn = phonenumbers.national_significant_number(number)
    cc = str(number.country_code)
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = (meta.national_prefix if meta else None) or ""
    return [
        phonenumbers.format_number(number, fmt.NATIONAL),
        phonenumbers.format_number(number, fmt.INTERNATIONAL),
        phonenumbers.format_number(number, fmt.E164),
        nsn,
        trunk + nsn,
        cc + nsn,
        "00" + cc + nsn,
        "+" + cc + trunk + nsn,
        nsn[:-1],
        nsn + "7",
        nsn[:-1] + str((int(nsn[-1]) + 5) % 10),
        "(" + nsn[:3] + ") " + nsn[3:],
    ]


def test_the_fast_path_is_on_for_many_regions() -> None:
    assert "IN" in FAST_REGIONS
    assert len(FAST_REGIONS) >= 100  # a change that quietly turns it off shows here


@pytest.mark.parametrize("region", FAST_REGIONS)
def test_fast_path_equals_phonenumbers_on_each_regions_own_numbers(region: str) -> None:
    texts = [s for n in examples(region) for s in shapes_of(n, region)]
    texts += ["+91 98471 52630", "+1 415 555 2671", "+44 20 7946 0958", "12", ""]
    assert_same_as_reference(texts, region)


def written_numbers(
    region: str, prefixes: Callable[[str, str], list[str]], longest: int, tail: int
) -> st.SearchStrategy[str]:
    """Numbers of ``region`` as lists hold them: its example numbers, their first
    halves with ``tail`` random digits, or up to ``longest`` random digits, after one
    of ``prefixes(country code, trunk prefix)``, with phone punctuation between."""
    cc = str(phonenumbers.country_code_for_region(region))
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = (meta.national_prefix if meta else None) or "0"
    seeds = [phonenumbers.national_significant_number(n) for n in examples(region)] or ["1"]
    digits = st.one_of(
        st.text(alphabet="0123456789", max_size=longest),
        st.sampled_from(seeds),
        st.builds(
            lambda seed, end: seed[: len(seed) // 2] + end,
            st.sampled_from(seeds),
            st.text(alphabet="0123456789", max_size=tail),
        ),
    )
    sep = st.sampled_from(["", "", " ", "-", ".", "(", ")"])
    return st.builds(
        lambda p, d, seps: p + "".join(c + s for c, s in zip(d, seps, strict=False)),
        st.sampled_from(prefixes(cc, trunk)),
        digits,
        st.lists(sep, min_size=longest, max_size=longest),
    )


@st.composite
def region_and_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    region = draw(st.sampled_from(FAST_REGIONS))
    text = written_numbers(
        region,
        lambda cc, trunk: ["", "+", f"+{cc}", f"+{cc} ", cc, trunk, f"00{cc}", f"+{cc}{trunk}"],
        longest=16,
        tail=10,
    )
    return region, draw(st.lists(text, min_size=1, max_size=20))


@given(case=region_and_texts())
def test_fast_path_equals_phonenumbers_on_generated_numbers_of_every_region(
    case: tuple[str, list[str]],
) -> None:
    region, texts = case
    assert_same_as_reference(texts, region)


#: Country codes whose ``+<cc>`` numbers the fast path answers (shared codes too) …
CALLING_CODES = sorted(
    cc for cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if calling_code(cc) is not None
)
#: … and every region that uses one of them (``+1``: US, CA, JM …; ``+44``: GB, GG …).
CODE_REGIONS = sorted(
    r
    for cc in CALLING_CODES
    for r in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]
    if phonenumbers.PhoneMetadata.metadata_for_region(r) is not None
)


def test_the_fast_path_takes_most_country_codes_shared_ones_included() -> None:
    assert {1, 44, 61, 65, 971} <= set(CALLING_CODES)
    assert len(CALLING_CODES) >= 190  # a change that quietly turns them off shows here


@pytest.mark.parametrize("cc", CALLING_CODES)
def test_numbers_of_every_region_of_a_code_written_with_it_get_phonenumbers_answer(
    cc: int,
) -> None:
    texts = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]:
        for number in examples(region):
            nsn = phonenumbers.national_significant_number(number)
            texts += [
                f"+{cc}{nsn}",
                f"+{cc} {nsn[:3]} {nsn[3:]}",
                f"00{cc}-{nsn}",
                f"+{cc}{nsn[:-1]}",
                f"+{cc}{nsn}1",
                f"+{cc}{nsn[:-2]}{(int(nsn[-2:]) + 37) % 100:02d}",
                f"+{cc}0{nsn}",
                f"+{cc}1{nsn}",
            ]
    assert_same_as_reference(texts, "IN")


@st.composite
def foreign_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A default region, and numbers of other regions written with their country code
    (``+971 50…``, ``00971 50…``, ``+1 416…``): the international forms the fast
    path answers by the country code's own metadata."""
    default = draw(st.sampled_from(FAST_REGIONS))
    texts = []
    for other in draw(st.lists(st.sampled_from(CODE_REGIONS), min_size=1, max_size=4)):
        text = written_numbers(
            other,
            lambda cc, trunk: [
                f"+{cc}",
                f"+{cc} ",
                f"00{cc}",
                f"00{cc} ",
                f"+{cc}{trunk}",
                f"00{cc}-",
                f"+ {cc}",
            ],
            longest=14,
            tail=8,
        )
        texts += draw(st.lists(text, min_size=1, max_size=10))
    return default, texts


def test_digits_that_are_not_ascii_after_a_plus_go_to_phonenumbers() -> None:
    assert_same_as_reference(
        ["00²", "+²71 50 123 4567", "+٩٧١ 50 123 4567", "00٩٧١501234567"], "IN"
    )


@settings(max_examples=120)  # each example spans up to four regions
@given(case=foreign_texts())
def test_other_countries_numbers_with_their_code_get_phonenumbers_answer(
    case: tuple[str, list[str]],
) -> None:
    default, texts = case
    assert_same_as_reference(texts, default)


#: Words around a number, as lead columns hold them: notes, labels, emails, extensions.
words_around_numbers = st.builds(
    lambda before, digits, seps, after: (
        before + "".join(d + s for d, s in zip(digits, seps, strict=False)) + after
    ),
    st.sampled_from(
        ["", "Mob: ", "call ", "lead", "Tel ", "x", "@", "phone-", "#", "n/a ", "+", "+ ", "_"]
    ),
    st.text(alphabet="0123456789", max_size=14),
    st.lists(st.sampled_from(["", "", " ", "-", ".", "(", ")"]), min_size=14, max_size=14),
    st.sampled_from(
        [
            "",
            ".",
            " pm",
            "@example.com",
            "!!",
            "_",
            " / x12",
            " ext 5",
            "#",
            " (work)",
            ";ext=1",
            "/x",
            " x 7",
            "e+09",
            "E5",
            "%",
            " and 9876",
            " am",
            "X",
            " x",
            " PM IST",
            " (office)",
            " cell",
            "-mob",
            " ab12",
        ]
    ),
)
ascii_junk = st.text(alphabet=[chr(c) for c in range(32, 127)], max_size=30)


@settings(max_examples=150)
@given(
    texts=st.lists(st.one_of(words_around_numbers, ascii_junk), min_size=1, max_size=40),
    region=st.sampled_from(["IN", "AE", "DE", "BD"]),
)
def test_words_around_numbers_get_phonenumbers_answer(texts: list[str], region: str) -> None:
    assert_same_as_reference(texts, region)
