"""Each awkward input file → the codes at the rows spec §2-§4 say (csvkit style).

Rows are spreadsheet rows: header = 1, first record = 2, a multi-line cell is one
row, blank lines count as (ignored) rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import fixture, run_cli

import leadprep

CASES: list[
    tuple[str, dict[str, Any], str, tuple[int, int, int, int], set[tuple[str, int | None]]]
] = [
    # file, options, status, (total, valid, invalid, skipped), {(code, row)}
    ("bom_utf8.csv", {}, "rows_left_out", (2, 1, 1, 0), {("invalid_phone_number", 3)}),
    ("semicolon.csv", {}, "rows_left_out", (3, 2, 1, 0), {("invalid_phone_number", 4)}),
    ("cp1252.csv", {}, "ok", (2, 2, 0, 0), set()),
    ("utf16.csv", {}, "rows_left_out", (2, 1, 1, 0), {("invalid_phone_number", 3)}),
    ("pipe.csv", {}, "ok", (2, 2, 0, 0), set()),
    ("multiline.csv", {}, "rows_left_out", (4, 3, 1, 0), {("invalid_phone_number", 5)}),
    ("blank_lines.csv", {}, "rows_left_out", (3, 2, 1, 0), {("invalid_phone_number", 5)}),
    (
        "sci_notation.csv",
        {},
        "rows_left_out",
        (3, 1, 2, 0),
        {("phone_precision_lost", 2), ("phone_precision_lost", 4)},
    ),
    (
        "duplicates.csv",
        {},
        "rows_left_out",
        (5, 2, 3, 0),
        {
            ("duplicate_phone_number", 3),
            ("duplicate_phone_number", 4),
            ("duplicate_phone_number", 5),
        },
    ),
    ("duplicates.csv", {"allow_duplicates": True}, "ok", (5, 5, 0, 0), set()),
    (
        "missing_phone.csv",
        {},
        "rows_left_out",
        (3, 1, 2, 0),
        {("missing_phone_number", 3), ("missing_phone_number", 4)},
    ),
    ("numeric.xlsx", {}, "rows_left_out", (5, 4, 1, 0), {("phone_precision_lost", 4)}),
    ("formula.xlsx", {"phone_column": "Phone"}, "ok", (3, 3, 0, 0), set()),
    ("legacy.xls", {}, "rows_left_out", (3, 2, 1, 0), {("invalid_phone_number", 5)}),
    (
        "multi_sheet.xlsx",
        {"sheet": "Leads"},
        "rows_left_out",
        (2, 1, 1, 0),
        {("invalid_phone_number", 3)},
    ),
    ("multi_sheet.xlsx", {}, "rejected", (0, 0, 0, 0), {("missing_phone_number_column", None)}),
    ("custom_15.csv", {}, "ok", (1, 1, 0, 0), set()),
    ("custom_16.csv", {}, "rejected", (0, 0, 0, 0), {("too_many_custom_columns", None)}),
    ("duplicate_headers.csv", {}, "rejected", (0, 0, 0, 0), {("duplicate_column", None)}),
    ("duplicate_headers.csv", {"keep_headers": True}, "ok", (1, 1, 0, 0), set()),
    ("blank_header_data.csv", {}, "rejected", (0, 0, 0, 0), {("empty_column_name", None)}),
    ("blank_header_empty.csv", {}, "ok", (2, 2, 0, 0), set()),
    ("ragged.csv", {}, "ok", (3, 3, 0, 0), set()),  # (a warning: extra_cells on row 4)
    ("empty.csv", {}, "rejected", (0, 0, 0, 0), {("empty_file", None)}),
    ("whitespace.csv", {}, "rejected", (0, 0, 0, 0), {("empty_file", None)}),
    ("header_only.csv", {}, "rejected", (0, 0, 0, 0), {("no_data_rows", None)}),
    ("no_phone.csv", {}, "ok", (1, 1, 0, 0), set()),  # 'Mobile No' is inferred
    (
        "no_phone_column.csv",
        {},
        "rejected",
        (0, 0, 0, 0),
        {("missing_phone_number_column", None)},
    ),
    ("no_phone.csv", {"phone_column": "Mobile No"}, "ok", (1, 1, 0, 0), set()),
    ("no_phone.csv", {"phone_column": "mobile_no"}, "ok", (1, 1, 0, 0), set()),
    (
        "no_phone.csv",
        {"phone_column": "Phone"},
        "rejected",
        (0, 0, 0, 0),
        {("missing_phone_number_column", None)},
    ),
    ("nul.csv", {}, "rejected", (0, 0, 0, 0), {("unreadable_file", None)}),
    ("image.csv", {}, "rejected", (0, 0, 0, 0), {("unsupported_format", None)}),
    ("word.xlsx", {}, "rejected", (0, 0, 0, 0), {("unsupported_format", None)}),
    (
        "xlsx_named.csv",
        {"sheet": "Leads"},
        "rows_left_out",
        (2, 1, 1, 0),
        {("invalid_phone_number", 3)},
    ),
    (
        "routes.csv",
        {},
        "rows_left_out",
        (6, 2, 4, 0),
        {("unsupported_country", r) for r in (4, 5, 6, 7)},
    ),
]


@pytest.mark.parametrize(
    ("name", "options", "status", "counts", "expected"),
    CASES,
    ids=[f"{c[0]}{'-' + '-'.join(c[1]) if c[1] else ''}" for c in CASES],
)
def test_fixture_gives_expected_codes_at_expected_rows(
    name: str,
    options: dict[str, Any],
    status: str,
    counts: tuple[int, int, int, int],
    expected: set[tuple[str, int | None]],
) -> None:
    report = leadprep.validate(fixture(name), **options)
    assert report.status == status, report.to_text()
    assert (
        report.rows_total,
        report.rows_valid,
        report.rows_invalid,
        report.rows_skipped,
    ) == counts
    assert {(f.code, f.row) for f in report.details.errors} == expected
    assert report.rows_total == report.rows_valid + report.rows_invalid + report.rows_skipped


def test_xlsx_named_csv_warns_format_mismatch() -> None:
    report = leadprep.validate(fixture("xlsx_named.csv"), sheet="Leads")
    assert report.format == "xlsx"
    assert [
        f.code for f in report.warnings if f.code not in ("header_renamed", "suspicious_number")
    ] == ["format_mismatch"]


def test_a_file_without_phone_numbers_says_how_to_name_the_column() -> None:
    report = leadprep.validate(fixture("no_phone_column.csv"))
    # A Python caller is told the keyword; the command line names its flag.
    assert "pass phone_column=NAME" in report.details.errors[0].to_dict()["hint"]
    assert "'Contact Preference'" in report.details.errors[0].message  # the columns are listed
    assert "--phone-column NAME" in run_cli("validate", fixture("no_phone_column.csv")).stdout


def test_an_inferred_phone_column_is_named_in_a_warning() -> None:
    report = leadprep.validate(fixture("no_phone.csv"))
    assert report.phone_column == ["Mobile No"]
    (inferred,) = [f for f in report.warnings if f.code == "phone_column_inferred"]
    assert inferred.message.startswith("column A 'Mobile No' is the phone column: 1 of 1")


def test_duplicate_message_names_the_kept_row() -> None:
    report = leadprep.validate(fixture("duplicates.csv"))
    assert all("row 2" in f.message for f in report.details.errors)


def test_unknown_sheet_is_a_usage_error_listing_sheets() -> None:
    with pytest.raises(leadprep.UsageError, match="Summary"):
        leadprep.validate(fixture("multi_sheet.xlsx"), sheet="Nope")


CSV_FIXTURES = sorted({case[0] for case in CASES if case[0].endswith(".csv")})


@pytest.mark.parametrize("name", CSV_FIXTURES)
def test_pyarrow_and_csv_module_readers_give_the_same_report(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert_engines_agree(name, {}, "leadprep.read._text.USE_ARROW", False, monkeypatch, tmp_path)


def assert_engines_agree(
    name: str,
    options: dict[str, Any],
    switch: str,
    reference: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The fast reader and the reference reader (``switch`` set) give the same everything."""
    fast = leadprep.validate(fixture(name), output=tmp_path / "fast.csv", **options).to_dict()
    monkeypatch.setattr(switch, reference)
    slow = leadprep.validate(fixture(name), output=tmp_path / "slow.csv", **options).to_dict()
    for report in (fast, slow):
        report.pop("duration_s")
        report.pop("outputs")
    assert fast == slow
    if (tmp_path / "slow.csv").exists():
        assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()


def test_simple_files_take_the_pyarrow_reader_and_ragged_ones_fall_back() -> None:
    from leadprep.read import open_table

    for name, engine in [
        ("pipe.csv", "pyarrow"),
        ("blank_lines.csv", "csv"),
        ("cp1252.csv", "pyarrow"),  # transcoded by pyarrow as it reads
        ("utf16.csv", "csv"),
    ]:
        with open_table(fixture(name)) as table:
            list(table.batches())
            assert table.source.engine == engine, name  # type: ignore[attr-defined]
    with open_table(fixture("ragged.csv")) as table:
        batches = list(table.batches())  # (a row longer than the header: the csv module)
        assert table.source.engine == "pyarrow+csv"  # type: ignore[attr-defined]
    assert next(batch.extra for batch in batches if batch.extra is not None)[1].tolist() == [
        "extra"
    ]


def test_fallback_mid_file_keeps_row_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyarrow reads whole blocks; a short row late in the file hands over to the csv module."""
    monkeypatch.setattr("leadprep.read._text.ARROW_BLOCK", 1 << 12)
    lines = ["phone_number,name,city"]
    lines += [f"+9198{i:08d},n{i},c" for i in range(2, 600)]
    lines += ["12,short"]  # row 600: two cells, padded by the csv module
    lines += [f"+9197{i:08d},m{i},c" for i in range(601, 900)]
    lines += ["13,late,x"]  # row 900
    path = tmp_path / "late.csv"
    path.write_text("\n".join(lines) + "\n")
    from leadprep.read import open_table

    with open_table(path) as table:
        list(table.batches())
        assert table.source.engine == "pyarrow+csv"  # type: ignore[attr-defined]
    report = leadprep.validate(path)
    assert [(f.code, f.row) for f in report.details.errors] == [
        ("invalid_phone_number", 600),
        ("invalid_phone_number", 900),
    ]
    assert report.rows_total == 899


def test_the_first_batch_is_small_and_batches_grow_to_full_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks start on a small first batch (a full-size block took ~0.1 s to
    arrive); later ones double up to full size; every row arrives once, in order."""
    import csv

    monkeypatch.setattr("leadprep.read._text.FIRST_BLOCK", 1 << 12)
    monkeypatch.setattr("leadprep.read._text.ARROW_BLOCK", 1 << 15)
    path = tmp_path / "leads.csv"
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["phone_number", "name", "notes"])
        for i in range(6_000):
            out.writerow([f"+9198{i:08d}", f"Lead {i}", "two\nlines" if i % 97 == 0 else ""])
    from leadprep.read import open_table

    with open_table(path) as table:
        batches = list(table.batches())
    assert table.source.engine == "pyarrow"  # type: ignore[attr-defined]
    sizes = [len(b.rows) for b in batches]
    assert sizes[0] < sizes[1] < sizes[2] < sizes[3]
    assert max(sizes) < 2 * sizes[-2]  # the growth stops at full size
    rows = np.concatenate([b.rows for b in batches])
    assert rows.tolist() == list(range(2, 6_002))
    phones = [p for b in batches for p in b.frame.values(0).tolist()]
    notes = [p for b in batches for p in b.frame.values(2).tolist()]
    assert phones == [f"+9198{i:08d}" for i in range(6_000)]
    assert notes == ["two\nlines" if i % 97 == 0 else "" for i in range(6_000)]


XLSX_FIXTURES = [(c[0], c[1]) for c in CASES if c[0].endswith(".xlsx") or c[0] == "xlsx_named.csv"]


@pytest.mark.parametrize(("name", "options"), XLSX_FIXTURES, ids=[c[0] for c in XLSX_FIXTURES])
def test_calamine_and_openpyxl_readers_give_the_same_report(
    name: str, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert_engines_agree(
        name, options, "leadprep.read._table.XLSX_ENGINE", "openpyxl", monkeypatch, tmp_path
    )


def test_latin1_text_reads_the_same_through_both_engines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0x81 is undefined in cp1252, so this file is Latin-1; pyarrow transcodes it."""
    path = tmp_path / "latin1.csv"
    path.write_bytes("phone_number,name\n9847152630,Jos\xe9 \x81\n12,\xc5sa\n".encode("latin-1"))
    from leadprep.read import open_table

    with open_table(path) as table:
        list(table.batches())
        assert table.source.encoding == "latin-1"
        assert table.source.engine == "pyarrow"  # type: ignore[attr-defined]
    fast = leadprep.validate(path, output=tmp_path / "fast.csv")
    monkeypatch.setattr("leadprep.read._text.USE_ARROW", False)
    slow = leadprep.validate(path, output=tmp_path / "slow.csv")
    assert fast.to_dict()["errors"] == slow.to_dict()["errors"]
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()
    assert "José \x81" in (tmp_path / "fast.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "options"), XLSX_FIXTURES, ids=[c[0] for c in XLSX_FIXTURES])
def test_a_sheet_too_large_to_load_whole_is_streamed_with_the_same_report(
    name: str, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Past the size limit (lowered here to a few bytes) the reader streams the sheet."""
    from leadprep.read import _calamine, open_table

    monkeypatch.setattr("leadprep.read._guard.CALAMINE_MAX_SHEET_XML", 10)
    monkeypatch.setattr(_calamine, "_started", {})
    try:
        with open_table(fixture(name)) as table:
            assert type(table.source).__name__ == "OpenpyxlXlsxSource"
    except leadprep.FileRejected:
        pass  # refused before any sheet is read (a Word file named .xlsx): no engine to pick
    else:
        _calamine.preload(fixture(name), None)
        assert not _calamine._started  # the preload leaves it alone too
    monkeypatch.undo()
    assert_engines_agree(
        name, options, "leadprep.read._guard.CALAMINE_MAX_SHEET_XML", 10, monkeypatch, tmp_path
    )
