"""Generated lead lists of known countries, written the way their exports write them.

The region tests (and ``bench/region_rates.py``) build lists from these: US numbers
of any area code or of 6xx–9xx only, in each North American writing, with State,
ZIP and Country columns or extensions; UK and UAE mobiles in national format; mixed
India/US lists with a Country column; and Indian lists in every Indian writing (the
controls that must never be refused). Numbers are drawn at random and kept only when
phonenumbers calls them valid mobiles or landlines, never placeholders.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import phonenumbers

from leadprep.check.rules.placeholder import placeholder

PERSONAL = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
#: US states whose codes are no Indian state's (GA, AR, MN, TN… are both).
US_ONLY_STATES = ["CA", "NY", "TX", "FL", "IL", "WA", "MA", "NJ", "VA", "NC", "OH", "MI", "AZ"]
SHARED_STATES = ["GA", "AR", "MN", "TN"]
INDIAN_STATES = ["MH", "KA", "DL", "TN", "GA", "WB", "UP", "GJ", "RJ", "AR", "MN"]

NANP_WRITINGS: dict[str, Callable[[str], str]] = {
    "parens": lambda d: f"({d[:3]}) {d[3:6]}-{d[6:]}",
    "dashes": lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}",
    "dots": lambda d: f"{d[:3]}.{d[3:6]}.{d[6:]}",
    "one": lambda d: f"1-{d[:3]}-{d[3:6]}-{d[6:]}",
    "spaces": lambda d: f"{d[:3]} {d[3:6]} {d[6:]}",
}


def _valid(text: str, region: str) -> bool:
    number = phonenumbers.parse(text, region)
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in PERSONAL


def _plain(digits: str, e164: str = "") -> bool:
    """Not an obvious placeholder: no digit five times in a row, no 555 exchange, and
    (given the whole number's digits) nothing leadprep's placeholder rule would leave
    out (``850 505 0909``): these lists test the region, not that rule."""
    if any(d * 5 in digits for d in "0123456789") or "555" in digits[3:6]:
        return False
    if not e164:
        return True
    at, _ = placeholder(np.array([int(e164)], dtype=np.int64))
    return len(at) == 0


def us_numbers(rng: random.Random, n: int, *, high: bool = False) -> list[str]:
    """``n`` distinct valid US numbers (10 digits); ``high``: area codes 6xx–9xx only."""
    out: set[str] = set()
    while len(out) < n:
        area = rng.randrange(600 if high else 200, 1000)
        digits = f"{area}{rng.randrange(200, 1000)}{rng.randrange(10_000):04d}"
        if _plain(digits, f"1{digits}") and _valid(f"+1{digits}", "US"):
            out.add(digits)
    return sorted(out)


def national(rng: random.Random, region: str, n: int) -> list[str]:
    """``n`` distinct valid mobiles of ``region`` in its national format."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    nsn = str(example.national_number)
    out: set[str] = set()
    while len(out) < n:
        digits = nsn[:2] + "".join(rng.choice("0123456789") for _ in nsn[2:])
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if _plain(digits, f"{example.country_code}{digits}") and phonenumbers.is_valid_number(
            number
        ):
            out.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return sorted(out)


def indian_mobiles(rng: random.Random, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        digits = f"{rng.choice('6789')}{rng.randrange(10**9):09d}"
        if _plain(digits, f"91{digits}") and _valid(digits, "IN"):
            out.add(digits)
    return sorted(out)


INDIAN_WRITINGS: dict[str, Callable[[str], str]] = {
    "bare": lambda d: d,
    "spaced": lambda d: f"{d[:5]} {d[5:]}",
    "dashed": lambda d: f"{d[:5]}-{d[5:]}",
    "plus": lambda d: f"+91 {d[:5]} {d[5:]}",
    "zero": lambda d: f"0{d}",
    "ninety_one": lambda d: f"91{d}",
    "double_zero": lambda d: f"0091 {d[:5]} {d[5:]}",
    "three_three_four": lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}",
}


def indian_landlines(rng: random.Random, n: int) -> list[str]:
    """Landlines over STD codes, written ``(022) 2345 6789`` or ``080-23456789``."""
    out: list[str] = []
    while len(out) < n:
        std = rng.choice(["22", "80", "11", "44", "40", "33", "20", "79"])
        rest = f"{rng.randrange(2, 7)}{rng.randrange(10**7):07d}"
        if _plain(rest, f"91{std}{rest}") and _valid(f"0{std}{rest}", "IN"):
            writing = rng.choice([f"(0{std}) {rest[:4]} {rest[4:]}", f"0{std}-{rest}"])
            out.append(writing)
    return out


def write_list(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def us_list(
    rng: random.Random,
    n: int,
    *,
    high: bool,
    writing: str,
    columns: str = "",
    extensions: bool = False,
) -> list[dict[str, str]]:
    """A US export: ``writing`` one of NANP_WRITINGS or ``bare``; ``columns``: ``""``,
    ``"state_zip"`` or ``"country"``."""
    rows = []
    for i, digits in enumerate(us_numbers(rng, n, high=high)):
        phone = digits if writing == "bare" else NANP_WRITINGS[writing](digits)
        if extensions and i % 3 == 0:
            phone += f" x{rng.randrange(10, 999)}"
        row = {"Name": f"Lead {i}", "Phone": phone}
        if columns == "state_zip":
            row["State"] = rng.choice([*US_ONLY_STATES, *US_ONLY_STATES, *SHARED_STATES])
            row["Zip"] = f"{rng.randrange(10_000, 99_999)}"
        elif columns == "country":
            row["Country"] = rng.choice(["United States", "USA", "US"])
        rows.append(row)
    return rows


def indian_list(
    rng: random.Random,
    n: int,
    *,
    writings: list[str],
    landlines: float = 0.0,
    states: bool = False,
) -> list[dict[str, str]]:
    """An Indian export: mobiles in ``writings``, a share of landlines, state codes."""
    rows = []
    mobiles = indian_mobiles(rng, n)
    fixed = indian_landlines(rng, n)
    for i in range(n):
        if rng.random() < landlines:
            phone = fixed[i]
        else:
            phone = INDIAN_WRITINGS[rng.choice(writings)](mobiles[i])
        row = {"Name": f"Lead {i}", "Phone": phone}
        if states:
            row["State"] = rng.choice(INDIAN_STATES)
            row["Pin"] = f"{rng.randrange(110_000, 855_999)}"
        rows.append(row)
    return rows


def mixed_list(rng: random.Random, n: int) -> list[dict[str, str]]:
    """Half Indian mobiles, half US numbers (6xx–9xx, bare or dashed), a Country column."""
    rows = []
    us = us_numbers(rng, n, high=True)
    indian = indian_mobiles(rng, n)
    for i in range(n):
        if i % 2:
            phone = rng.choice([us[i], NANP_WRITINGS["dashes"](us[i])])
            country = rng.choice(["United States", "US"])
        else:
            phone, country = indian[i], rng.choice(["India", "IN"])
        rows.append({"Name": f"Lead {i}", "Phone": phone, "Country": country})
    return rows
