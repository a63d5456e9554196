"""The phone normaliser gives exactly phonenumbers' answer (spec §4).

The only deliberate difference: text in scientific notation is
``phone_precision_lost`` (the digits are gone), so it is excluded from the
agreement property and tested on its own.
"""

from __future__ import annotations

import numpy as np
import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadprep import PhoneNormaliser, UsageError
from leadprep.normalise import SCIENTIFIC, normalise_one

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
    "9876543210",
    "+91 98765 43210",
    "098765 43210",
    "919876543210",
    "0091 98765 43210",
    "+91-98765-43210",
    "(98765) 43210",
    "९८७६५४३२१०",  # Devanagari digits
    "٩٨٧٦٥٤٣٢١٠",  # Arabic-Indic digits
    "98765\u00a043210",
    "98765\u200b43210",
    "tel:+91-98765-43210",
    "+91 98765 43210 ext. 12",
    "+91 98765 43210 x12",
    "9",
    "98",
    "98765432109876543210",
    "+",
    "++919876543210",
    "+0 98765 43210",
    "  +1 (415) 555-2671  ",
    "+44 20 7946 0958",
    "2071234567",
    "+91 22 2345 6789",
    "1800 123 4567",
    "N/A",
    "null",
    "",
]


@pytest.mark.parametrize("text", ADVERSARIAL)
@pytest.mark.parametrize("region", ["IN", "US"])
def test_adversarial_strings_agree_with_phonenumbers(text: str, region: str) -> None:
    e164, _, code, _ = normalise_one(text, region)
    assert (e164 or None) == reference(text, region)


@pytest.mark.parametrize("text", ["9.87654E+09", "9.87654e9", "1E10", "-9.8E+09", " 9,87654E+09 "])
def test_scientific_notation_is_precision_lost(text: str) -> None:
    assert normalise_one(text, "IN")[2] == "phone_precision_lost"


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


def assert_same_as_reference(texts: list[str], region: str) -> None:
    column = np.array(texts, dtype=object)
    fast = PhoneNormaliser(region)(column)
    reference = PhoneNormaliser(region, fast=False)(column)
    for name in ("e164", "region", "code", "reason"):
        got, want = getattr(fast, name), getattr(reference, name)
        diff = [(texts[i], got[i], want[i]) for i in np.flatnonzero(got != want)]
        assert not diff, f"{name} differs: {diff[:5]}"


def test_fast_path_is_on_for_india_and_takes_the_common_shapes() -> None:
    normaliser = PhoneNormaliser("IN")
    assert normaliser.fast is not None
    shapes = ["9876543210", "+91 98765 43210", "098765-43210", "919876543210", "(98765) 43210"]
    handled, *_ = normaliser.fast(shapes)
    assert handled.all()
    handled, *_ = normaliser.fast(["tel:+919876543210", "९८७६५४३२१०", "0091 98765 43210"])
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
            "9876543210",
            "1800123456",
            "2223456789",
            "140123456",
            "98765",
            "12",
            "98765432101",
            "9876543210123456789",
            "0000000000",
            "6000000000",
        )
    ]
    assert_same_as_reference(corpus, "IN")
    assert_same_as_reference(corpus, "US")  # no fast path there: the reference is used
