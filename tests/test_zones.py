"""Time zones of numbers, column-wise (leadprep/normalise/_zones.py): phonenumbers' answer."""

from __future__ import annotations

import random

import numpy as np
import phonenumbers
from phonenumbers import PhoneNumberType, timezone

from leadprep.normalise._zones import UNKNOWN, ZoneBook, country_codes

_TYPES = (
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
)


def _valid_numbers(seed: int, per_region: int) -> list[int]:
    """Valid numbers of every region and type: each example number with its last
    digits varied, kept only where phonenumbers still calls it valid."""
    rng = random.Random(seed)  # noqa: S311 - deterministic test data
    keys: set[int] = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in _TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = str(example.national_number)
            for _ in range(per_region):
                tail = max(1, min(len(national) - 2, rng.randint(1, 6)))
                digits = national[:-tail] + "".join(rng.choice("0123456789") for _ in range(tail))
                number = phonenumbers.parse(f"+{example.country_code}{digits}")
                if phonenumbers.is_valid_number(number):
                    keys.add(int(f"{number.country_code}{number.national_number}"))
    return sorted(keys)


def _phonenumbers_zones(key: int) -> tuple[str, ...]:
    return tuple(timezone.time_zones_for_number(phonenumbers.parse(f"+{key}")))


def test_every_region_and_type_gets_the_zones_phonenumbers_gives() -> None:
    keys = _valid_numbers(seed=23, per_region=6)
    assert len(keys) > 3000  # (every region, most types)
    book = ZoneBook()
    got = book.of(np.array(keys, dtype=np.int64))
    wrong = [
        (k, book.zones[z], _phonenumbers_zones(k))
        for k, z in zip(keys, got, strict=True)
        if book.zones[z] != _phonenumbers_zones(k)
    ]
    assert wrong == []


def test_us_and_canada_numbers_by_area_code_across_the_continent() -> None:
    # hand-picked: the zone each area code is in, as a person would look it up
    cases = {
        12125550143: ("America/New_York",),  # Manhattan
        14155550143: ("America/Los_Angeles",),  # San Francisco
        13125550143: ("America/Chicago",),  # Chicago
        13035550143: ("America/Denver",),  # Denver
        14165550143: ("America/Toronto",),  # Toronto
        18085550143: ("Pacific/Honolulu",),  # Honolulu
    }
    book = ZoneBook()
    got = book.of(np.array(list(cases), dtype=np.int64))
    assert [book.zones[z] for z in got] == list(cases.values())


def test_an_indian_mobile_and_landline_are_in_india() -> None:
    book = ZoneBook()
    got = book.of(np.array([919812345670, 912224567890], dtype=np.int64))
    assert [book.zones[z] for z in got] == [("Asia/Calcutta",), ("Asia/Calcutta",)]


def test_a_toll_free_us_number_may_be_in_any_us_zone() -> None:
    book = ZoneBook()
    (z,) = book.of(np.array([18005550199], dtype=np.int64))
    assert "America/New_York" in book.zones[z]
    assert "Pacific/Honolulu" in book.zones[z]


def test_country_codes_of_one_two_and_three_digits() -> None:
    keys = np.array([12125550143, 447911123456, 919812345670, 971501234567], dtype=np.int64)
    assert country_codes(keys).tolist() == [1, 44, 91, 971]


def test_a_number_with_no_zone_is_unknown() -> None:
    book = ZoneBook()
    (z,) = book.of(np.array([80012345678], dtype=np.int64))  # +800: international freephone
    assert book.zones[z] == _phonenumbers_zones(80012345678) == UNKNOWN
