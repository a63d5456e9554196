"""Readers: format by content, encodings, delimiters, Excel cells as text, row numbers."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import fixture

import leadprep
from leadprep.read import detect_delimiter, excel_text, open_table


def clean_rows(path: Path, tmp_path: Path, **options: Any) -> list[list[str]]:
    out = tmp_path / "clean.csv"
    leadprep.validate(path, output=out, **options)
    with out.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("bom_utf8.csv", "utf-8-sig", ","),
        ("semicolon.csv", "utf-8", ";"),
        ("cp1252.csv", "cp1252", ","),
        ("utf16.csv", "utf-16", "\t"),
        ("pipe.csv", "utf-8", "|"),
    ],
)
def test_text_encoding_and_delimiter_are_detected(name: str, encoding: str, delimiter: str) -> None:
    with open_table(fixture(name)) as table:
        assert (table.source.encoding, table.source.delimiter) == (encoding, delimiter)


def test_cp1252_text_is_decoded_not_mangled(tmp_path: Path) -> None:
    rows = clean_rows(fixture("cp1252.csv"), tmp_path)
    assert rows[1][1:] == ["José Müller", "Renée’s “best” time"]
    assert rows[2][2] == "5€"


def test_utf16_text_keeps_non_latin_names(tmp_path: Path) -> None:
    assert clean_rows(fixture("utf16.csv"), tmp_path)[1] == ["+919847152630", "प्रिया"]


def test_delimiter_inside_quotes_does_not_split(tmp_path: Path) -> None:
    rows = clean_rows(fixture("semicolon.csv"), tmp_path)
    assert rows[1] == ["+919847152630", "Sharma; Priya", "Pune"]
    assert rows[2][1] == "Rahul, Mehra"


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ("phone_number\n9847152630\n", ","),
        ('a;b\n"x,y,z";2\n', ";"),
    ],
)
def test_delimiter_detection(sample: str, expected: str) -> None:
    assert detect_delimiter(sample) == expected


def test_multiline_cell_stays_one_row(tmp_path: Path) -> None:
    rows = clean_rows(fixture("multiline.csv"), tmp_path)
    assert rows[1][2] == "Flat 4,\nMG Road,\nPune"
    assert rows[2][2] == "line one\r\nline two"
    assert len(rows) == 4  # header + 3 valid


def test_xlsx_numeric_cells_become_digits_and_dates_iso(tmp_path: Path) -> None:
    rows = clean_rows(fixture("numeric.xlsx"), tmp_path)
    assert rows[1] == ["+919847152630", "Int", "250000", "2024-01-15"]
    assert rows[2] == ["+919182736459", "Float", "1234.5", "2024-01-15 10:30:00"]


def test_xlsx_formula_cells_give_cached_values(tmp_path: Path) -> None:
    rows = clean_rows(fixture("formula.xlsx"), tmp_path, phone_column="Phone")
    assert rows[1:] == [
        ["+919847152630", "Cached Number", "2"],
        ["+919182736459", "Cached Text", "3"],
        ["+919811532968", "Float Cell", "1.5"],
    ]


def test_formatting_only_rows_and_columns_are_ignored() -> None:
    report = leadprep.validate(fixture("numeric.xlsx"))
    assert report.columns == ["phone_number", "name", "amount", "since"]
    assert report.rows_total == 5  # the filled cells on row 40 and in column K add nothing


def test_xls_numbers_dates_and_booleans(tmp_path: Path) -> None:
    rows = clean_rows(fixture("legacy.xls"), tmp_path)
    assert rows[1] == ["+919847152630", "Float Phone", "2024-01-15", "TRUE"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ("", False)),
        (9847152630, ("9847152630", False)),
        (9847152630.0, ("9847152630", False)),
        (919847152630123, ("919847152630123", False)),
        (9198471526301234, ("9198471526301234", True)),
        (9.198471526301234e15, ("9198471526301234", True)),
        (1234.5, ("1234.5", False)),
        (0.1 + 0.2, ("0.3", False)),
        (True, ("TRUE", False)),
        ("  text ", ("  text ", False)),
    ],
)
def test_excel_cell_text(value: object, expected: tuple[str, bool]) -> None:
    assert excel_text(value) == expected


def test_row_numbers_survive_batch_boundaries(tmp_path: Path) -> None:
    lines = ["phone_number,name"]
    bad_rows = set()
    for row in range(2, 503):
        if row % 37 == 0:
            lines.append("")  # a blank line is still a spreadsheet row
        elif row % 41 == 0:
            lines.append(f'12,"multi\nline {row}"')
            bad_rows.add(row)
        else:
            lines.append(f"+9198{row:08d},n{row}")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    for batch_rows in (7, 50, 10_000):
        report = leadprep.validate(path, batch_rows=batch_rows)
        assert {f.row for f in report.details.errors} == bad_rows


def test_duplicates_are_found_across_batches(tmp_path: Path) -> None:
    path = tmp_path / "dups.csv"
    path.write_text("phone_number\n9847152630\n" + "9182736459\n" * 3 + "+91 98471 52630\n")
    report = leadprep.validate(path, batch_rows=2)
    assert [(f.row, f.code) for f in report.details.errors] == [
        (4, "duplicate_phone_number"),
        (5, "duplicate_phone_number"),
        (6, "duplicate_phone_number"),
    ]
    assert "row 2" in report.details.errors[-1].message


def test_header_may_start_below_row_one(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    path.write_text("\n\nphone_number,name\n12,A\n9811532960,B\n")
    report = leadprep.validate(path)
    assert [(f.code, f.row) for f in report.details.errors] == [("invalid_phone_number", 4)]


def test_duplicate_index_matches_a_plain_dict_across_batches() -> None:
    """SeenNumbers (sorted int64 keys) against the obvious dict, on random batches."""
    from leadprep.check import SeenNumbers

    rng = np.random.default_rng(3)
    seen, reference = SeenNumbers(), dict[int, int]()
    row = 2
    for _ in range(30):  # (new keys go before, between and after the ones kept)
        size = int(rng.integers(0, 300))
        numbers = 919800000000 + rng.integers(0, 500, size).astype(np.int64)
        rows = np.arange(row, row + size, dtype=np.int64)
        row += size
        got = seen.first_rows(numbers, rows) if size else np.empty(0, dtype=np.int64)
        want = [reference.setdefault(int(n), int(r)) for n, r in zip(numbers, rows, strict=True)]
        assert got.tolist() == want
    assert seen.keys.tolist() == sorted(reference)
    assert seen.rows.tolist() == [reference[k] for k in sorted(reference)]
