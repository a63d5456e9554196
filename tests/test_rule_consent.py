"""Rule ``no_consent`` (leadprep/check/rules/consent.py), spec §12: the spellings of yes
the spec lists, any case, dates in ISO 8601 and dd/mm/yyyy — and nothing else."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadprep
from leadprep import UsageError
from leadprep.check.rules import NoConsent
from leadprep.check.rules.consent import says_yes

YES = [
    "yes", "YES", "Yes", " y ", "Y", "true", "TRUE", "True", "1", "opted in", "Opted In",
    "OPTED IN", "2026-03-14", "2024-02-29", "2026-03-14T10:30", "2026-03-14 10:30:00",
    "2026-03-14T10:30:00+05:30", "2026-03-14T10:30:00Z", "2026-03-14T10:30:00.123",
    "14/03/2026", "4/3/2026", "29/02/2024", "31/12/2025",
]  # fmt: skip
NOT_YES = [
    "", " ", "no", "No", "n", "N", "false", "0", "opted out", "opt in", "opted-in",
    "optedin", "yes please", "yess", "ye", "t", "2", "01", "1.0", "-1", "maybe", "unknown",
    "null", "none", "n/a", "consent", "agreed", "ok", "✓", "x",
    "2026-02-30", "2025-02-29", "2026-13-01", "2026-3-14", "26-03-14", "2026/03/14",
    "12/31/2026", "31/02/2026", "00/01/2026", "14/03/26", "14-03-2026", "14.03.2026",
    "2026-03-14T25:00", "March 14, 2026", "20260314", "yes 2026-03-14",
]  # fmt: skip


@pytest.mark.parametrize("cell", YES)
def test_the_spellings_of_yes_are_consent(cell: str) -> None:
    assert says_yes(cell)


@pytest.mark.parametrize("cell", NOT_YES)
def test_anything_else_is_not_consent(cell: str) -> None:
    assert not says_yes(cell)


@given(st.text(max_size=12))
def test_no_other_text_is_consent(cell: str) -> None:
    """Negative control by construction: any text that is neither a listed word nor
    shaped like a date (digits with - or / and nothing else) is never consent."""
    text = cell.strip().lower()
    listed = text in {"yes", "y", "true", "1", "opted in"}
    date_like = bool(text) and set(text) <= set("0123456789-/:. tz+")
    if not listed and not date_like:
        assert not says_yes(cell)


def _leads(tmp_path: Path, consent: list[str]) -> Path:
    path = tmp_path / "leads.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Name", "Mobile", "Opt In"])
        for i, cell in enumerate(consent):
            w.writerow([f"Lead {i}", f"98123456{70 + i}", cell])
    return path


def test_rows_without_consent_are_left_out_naming_the_cell(tmp_path: Path) -> None:
    path = _leads(tmp_path, ["Yes", "no", "", "14/03/2026", "12/31/2026"])
    clean = tmp_path / "clean.csv"
    report = leadprep.validate(path, consent_column="Opt In", output=clean)
    assert report.summary()[NoConsent.code]["rows"] == [3, 4, 6]
    assert NoConsent.severity == "error"
    assert report.exit_code == 1
    messages = {f.row: f.message for f in report.details.errors}
    assert messages[3] == (
        "+919812345671 has no consent to be called: its 'Opt In' cell says 'no', which is "
        "not a yes or a date"
    )
    assert messages[4].endswith("its 'Opt In' cell is blank")
    assert "12/31/2026" in messages[6]
    assert len(clean.read_text().splitlines()) == 3  # header and the two with consent


def test_the_consent_column_may_be_named_by_letter(tmp_path: Path) -> None:
    path = _leads(tmp_path, ["y", "n"])
    report = leadprep.validate(path, consent_column="C")
    assert report.summary()[NoConsent.code]["rows"] == [3]


def test_a_consent_column_the_file_does_not_have_is_a_usage_error(tmp_path: Path) -> None:
    path = _leads(tmp_path, ["y"])
    with pytest.raises(UsageError, match=r"consent_column='Consent' names no column"):
        leadprep.validate(path, consent_column="Consent")


def test_without_the_option_no_column_is_read_as_consent(tmp_path: Path) -> None:
    path = _leads(tmp_path, ["no", "no"])
    assert leadprep.validate(path).counts[NoConsent.code] == 0
