"""Rule ``extra_cells`` (leadprep/check/rules/extra_cells.py): a CSV row with more cells
than the header is read, the extra cells set aside, never a column without a name."""

from __future__ import annotations

import csv
from pathlib import Path

import leadprep


def _leads(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "phone_number,name,company,groups\n"
        "9811532960,Asha,Acme,Sales,Marketing\n"  # an unquoted comma in the last column
        "9811532961,Ravi,Acme,Sales\n"
        '9811532962,Meena,Acme,"Sales,Support"\n'
    )
    return path


def test_extra_cells_warn_and_never_fail_the_file(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    report = leadprep.validate(_leads(tmp_path), output=clean)
    assert report.exit_code == 0, report.to_text()
    [extra] = [f for f in report.warnings if f.code == "extra_cells"]
    assert (extra.row, extra.value) == (2, "Marketing")
    assert "'groups'" in extra.message
    with clean.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["phone_number", "name", "company", "groups"]  # no unnamed column
    assert all(len(r) == 4 for r in rows)
    assert rows[1][3] == "Sales"


def test_columns_gets_past_it_and_the_upload_has_no_unnamed_column(tmp_path: Path) -> None:
    out = tmp_path / "parts"
    report = leadprep.prepare(_leads(tmp_path), out, columns="name,company")
    assert report.validation.exit_code == 0
    part = (out / "part-0001.csv").read_text().splitlines()
    assert part[0] == "phone_number,name,company"
    assert all(line.count(",") == 2 for line in part)


def test_a_blank_header_over_data_is_still_a_column_without_a_name(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("phone_number,name,,\n9811532960,Asha,stray,\n")
    report = leadprep.validate(path)
    assert [f.code for f in report.file_errors] == ["empty_column_name"]
