"""Which column holds the phones, when no header says so (spec §9, §11): a column is
taken by its content alone only when nearly all its cells are valid numbers, and
never a column of dates, decimals, coordinates, codes or ids."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from regionlists import indian_mobiles, us_numbers, write_list

import leadprep

rng = random.Random(42)  # noqa: S311 - test data
#: Ordinary tables, not lead lists: not one column of them may become the phone column.
NOT_LEADS = {
    "orders": lambda i: {
        "order_id": str(6_000_000_000 + i),  # sequential ids that read as Indian mobiles
        "ship_date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "amount": f"{rng.randrange(100, 99_999)}.{rng.randrange(100):02d}",
    },
    "places": lambda i: {
        "city": f"Town {i}",
        "latitude": f"{rng.uniform(-60, 60):.6f}",
        "longitude": f"{rng.uniform(-170, 170):.6f}",
        "zip": f"{rng.randrange(10_000, 99_999)}",
    },
    "land": lambda i: {
        "district": f"D{i}",
        "area_sq_km": f"{rng.randrange(1, 9_000)}.{rng.randrange(10)}",
        "population": str(rng.randrange(10_000, 9_000_000)),
    },
    "supplies": lambda i: {
        "code": f"SUP-{rng.randrange(10**6):06d}",
        "date": f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
        "count": str(rng.randrange(1000)),
    },
    "dates_as_numbers": lambda i: {
        "created": f"2025{1 + i % 12:02d}{1 + i % 28:02d}",
        "score": str(rng.randrange(100)),
    },
}


@pytest.mark.parametrize("kind", sorted(NOT_LEADS))
def test_an_ordinary_table_never_gets_a_phone_column(tmp_path: Path, kind: str) -> None:
    rows = [NOT_LEADS[kind](i) for i in range(60)]
    report = leadprep.validate(write_list(tmp_path / f"{kind}.csv", rows))
    assert [f.code for f in report.file_errors] == ["missing_phone_number_column"]
    assert report.rows_valid == 0


def test_the_refusal_lists_the_candidates_with_their_share_of_valid_numbers(
    tmp_path: Path,
) -> None:
    rows = [{"name": f"n{i}", "ref": "9811532960" if i % 2 else "12345"} for i in range(40)]
    report = leadprep.validate(write_list(tmp_path / "l.csv", rows))
    [error] = report.file_errors
    assert error.code == "missing_phone_number_column"
    assert "B 'ref' (20 of 40 cells are valid numbers)" in error.to_dict()["hint"]


@pytest.mark.parametrize("header", ["Number", "Contact", "col3", "Reach at"])
def test_a_lead_list_with_an_unhelpful_phone_header_still_gets_it(
    tmp_path: Path, header: str
) -> None:
    phones = indian_mobiles(rng, 50)
    rows = [{"Name": f"Lead {i}", "Amount": str(1000 + i), header: p} for i, p in enumerate(phones)]
    report = leadprep.validate(write_list(tmp_path / "l.csv", rows))
    assert report.phone_column == [header]
    assert report.rows_valid == 50


def test_a_us_list_under_an_unhelpful_header_is_found_then_judged_as_us(tmp_path: Path) -> None:
    phones = [f"({d[:3]}) {d[3:6]}-{d[6:]}" for d in us_numbers(rng, 40)]
    rows = [{"Name": f"L{i}", "Contact": p} for i, p in enumerate(phones)]
    report = leadprep.validate(write_list(tmp_path / "l.csv", rows))
    assert report.phone_column == ["Contact"]
    assert [f.code for f in report.file_errors] == ["region_mismatch"]
