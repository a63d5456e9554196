"""Rules on any kept cell: ``formula_like_value`` (rules/formulas.py), ``invalid_encoding``
(rules/encoding.py), and ``empty_variable_value`` (rules/empty_variable.py)."""

from __future__ import annotations

from pathlib import Path

from rulecheck import write_leads

import leadprep


def test_formula_like_cells_warn_once_per_row_and_go_out(tmp_path: Path) -> None:
    rows = [
        {"phone_number": "9812345670", "note": "=1+2", "city": "@x"},
        {"phone_number": "9812345671", "note": "-12.5", "city": "+91 98471-52630"},
    ]
    report = leadprep.validate(write_leads(rows, tmp_path / "l.csv"))
    assert [(f.row, f.column, f.code) for f in report.warnings if f.row and f.row > 1] == [
        (2, "note", "formula_like_value")
    ]
    assert report.rows_valid == 2


def test_bytes_that_are_not_utf8_warn_on_their_row(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes("phone_number,name\n9812345670,Zo\xeb\n9812345671,Ann\n".encode("latin-1"))
    path.write_bytes(path.read_bytes().replace(b"Ann", "Ann é".encode() * 3))
    report = leadprep.validate(path)
    assert [(f.row, f.code) for f in report.warnings if f.row and f.row > 1] == [
        (2, "invalid_encoding")
    ]


def test_a_prompt_variable_blank_on_a_row_that_goes_out_warns(tmp_path: Path) -> None:
    prompt = tmp_path / "p.txt"
    prompt.write_text("Hello {{name}}")
    rows = [
        {"phone_number": "9812345670", "name": ""},
        {"phone_number": "12", "name": ""},  # left out: no warning about its variables
        {"phone_number": "9812345671", "name": "Asha"},
    ]
    report = leadprep.validate(write_leads(rows, tmp_path / "l.csv"), prompt=prompt)
    assert [(f.row, f.code) for f in report.warnings if f.row and f.row > 1] == [
        (2, "empty_variable_value")
    ]
