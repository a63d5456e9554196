"""Reading, made strict: no byte or quote quietly changes what is uploaded."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import SAMPLES, run_process
from hypothesis import given
from hypothesis import strategies as st
from leadgen import mobile

import leadprep
from leadprep.check import formula_like
from leadprep.read import _text

NAMES = ["José", "Zoë", "Łukasz", "Ørsted", "Renée", "Ana", "Björn", "Çelik"]


@pytest.fixture(params=["pyarrow", "csv"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs through both CSV engines."""
    monkeypatch.setattr(_text, "USE_ARROW", request.param == "pyarrow")
    return str(request.param)


def utf8_export(path: Path, rows: int, bad: dict[int, bytes]) -> list[str]:
    """A UTF-8 export with accented names; spreadsheet row r gets raw bytes ``bad[r]``."""
    names = [f"{NAMES[i % len(NAMES)]} {i}" for i in range(rows)]
    lines = [b"phone_number,name\n"]
    for i, name in enumerate(names):
        cell = name.encode() + bad.get(i + 2, b"")
        lines.append(f"{mobile(i)},".encode() + cell + b"\n")
    path.write_bytes(b"".join(lines))
    return names


def clean_names(report: leadprep.Result[leadprep.Report], out: Path) -> list[str]:
    assert not report.rejected
    with out.open(encoding="utf-8", newline="") as fh:
        return [row["name"] for row in csv.DictReader(fh)]


def test_a_utf8_file_with_a_few_bad_bytes_stays_utf8_and_names_the_rows(
    tmp_path: Path, engine: str
) -> None:
    path, out = tmp_path / "leads.csv", tmp_path / "clean.csv"
    names = utf8_export(path, 2_000, {500: b"\xe9", 1_800: b"\xff\xfe"})
    report = leadprep.validate(path, output=out)
    assert report.encoding == "utf-8"
    got = clean_names(report, out)
    assert got[0] == "José 0"  # not 'JosÃ© 0': the file was not read as Windows-1252
    assert got[498] == names[498] + "\ufffd"
    assert got[1798] == names[1798] + "\ufffd\ufffd"
    assert report.summary()["invalid_encoding"]["rows"] == [500, 1_800]
    assert report.exit_code == 0  # a warning: the rows are uploaded as read
    assert "invalid_encoding: 2 rows — 500, 1800" in report.to_text()


def test_a_windows_1252_export_is_still_read_as_windows_1252(tmp_path: Path, engine: str) -> None:
    path, out = tmp_path / "leads.csv", tmp_path / "clean.csv"
    path.write_bytes("phone_number,name\n9847152630,José\n9847152631,Zoë\n".encode("cp1252"))
    report = leadprep.validate(path, output=out)
    assert report.encoding == "cp1252"
    assert clean_names(report, out) == ["José", "Zoë"]
    assert "invalid_encoding" not in report.counts


@pytest.mark.parametrize("opened_on", [2, 40])
def test_an_unclosed_quote_rejects_the_file_naming_the_row(
    tmp_path: Path, engine: str, opened_on: int
) -> None:
    path = tmp_path / "leads.csv"
    rows = [f"{mobile(i)},Lead {i}" for i in range(2, 80)]
    rows[opened_on - 2] = f'98{opened_on:08d},"Lead {opened_on}'  # the quote never closes
    path.write_text("phone_number,name\n" + "\n".join(rows) + "\n")
    report = leadprep.validate(path)
    assert report.rejected
    [finding] = report.details.errors
    assert finding.code == "unbalanced_quote"
    assert f"row {opened_on}" in finding.message


def test_an_unclosed_quote_swallowing_more_than_a_cell_may_hold_is_named_too(
    tmp_path: Path, engine: str
) -> None:
    path = tmp_path / "leads.csv"
    filler = "".join(f"{mobile(i)},Lead {i}\n" for i in range(60_000))  # ~1.2 MB
    path.write_text('phone_number,name\n9847152630,"Asha\n' + filler)
    report = leadprep.validate(path)
    assert [f.code for f in report.details.errors] == ["unbalanced_quote"]
    assert "row 2" in report.details.errors[0].message


def test_quoted_line_breaks_and_stray_inch_marks_are_not_unbalanced(
    tmp_path: Path, engine: str
) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(
        "phone_number,name,notes\n"
        '9847152630,Asha,"two\nlines"\n'
        "9847152631,Ravi,5'11\" tall\n"  # a literal quote inside an unquoted cell
        '9847152632,Meena,"ends\nthe file"\n'
    )
    report = leadprep.validate(path)
    assert not report.rejected
    assert report.rows_valid == 3


@pytest.mark.parametrize(
    "where",
    ["validate FILE", "upload FILE", "--prompt", "--telephony-config", "--suppress"],
)
def test_a_fifo_is_refused_at_once_wherever_a_file_is_expected(tmp_path: Path, where: str) -> None:
    fifo = tmp_path / "leads.csv"
    os.mkfifo(fifo)  # nothing ever writes to it: opening it would wait forever
    good = SAMPLES / "leads_clean.csv"
    cases: dict[str, list[str | Path]] = {
        "validate FILE": ["validate", fifo],
        "upload FILE": ["upload", fifo, "--campaign", "c", "--dry-run", "--ledger", tmp_path / "l"],
        "--prompt": ["validate", good, "--prompt", fifo],
        "--telephony-config": ["validate", good, "--telephony-config", fifo],
        "--suppress": ["validate", good, "--suppress", fifo],
    }
    result = run_process(*cases[where], timeout=30)
    assert result.returncode in (2, 3), result.stdout + result.stderr
    assert "named pipe" in result.stdout + result.stderr


def test_kernel_files_that_claim_to_be_empty_are_refused() -> None:
    report = leadprep.validate("/proc/self/status")
    assert [f.code for f in report.details.errors] == ["unreadable_file"]
    assert "kernel file" in report.details.errors[0].message


def spec_rule(cell: str) -> bool:
    """The rule as the spec words it, by hand: would a spreadsheet evaluate this cell?"""
    cell = cell.strip(" \t\r")
    if not cell:
        return False
    if cell[0] in "=@":
        return True
    return cell[0] in "+-" and any(ch not in "0123456789 ().-/" for ch in cell[1:])


@given(st.lists(st.text(alphabet="=@+-0123456789 ().-/ab\t\n", max_size=8), max_size=30))
def test_formula_like_cells_are_exactly_those_the_rule_names(cells: list[str]) -> None:
    trimmed = [c.strip(" \t\r") for c in cells]  # readers trim cells before the check
    got = formula_like(pa.array(trimmed, pa.string())).tolist()
    assert got == [spec_rule(c) for c in cells]


def test_formula_like_cells_warn_on_their_rows_and_are_uploaded_unchanged(
    tmp_path: Path, engine: str
) -> None:
    path, out = tmp_path / "leads.csv", tmp_path / "clean.csv"
    path.write_text(
        "phone_number,name,notes\n"
        '9847152630,"=HYPERLINK(""http://x"")",ok\n'
        "9847152631,Ravi,+91 98471 52630\n"
        "9847152632,@SUM(A1),-2+3\n"
        "9847152633,-12.5,fine\n"
    )
    report = leadprep.validate(path, output=out)
    assert report.summary()["formula_like_value"]["rows"] == [2, 4]
    assert [(f.row, f.column) for f in report.warnings if f.code == "formula_like_value"] == [
        (2, "name"),
        (4, "name"),
    ]
    assert report.exit_code == 0
    assert clean_names(report, out) == ['=HYPERLINK("http://x")', "Ravi", "@SUM(A1)", "-12.5"]
