"""Rule ``duplicate_phone_number`` (leadprep/check/rules/duplicates.py)."""

from __future__ import annotations

from rulecheck import codes, findings


def test_repeats_of_one_number_in_any_writing_name_the_first_row() -> None:
    cells = ["9812345670", "+91 98123 45670", "098123-45670", "9812345671"]
    found = findings(cells)
    assert {row: [c for c, _ in f] for row, f in found.items()} == {
        3: ["duplicate_phone_number"],
        4: ["duplicate_phone_number"],
    }
    assert found[3][0][1] == "same number as row 2 (+919812345670), which is kept"


def test_allow_duplicates_keeps_them_and_batches_do_not_hide_repeats() -> None:
    assert codes(["9812345670", "9812345670"], allow_duplicates=True) == {}
    from rulecheck import write_leads

    import leadprep  # (batches of 2 rows: the repeat is three batches later)

    path = write_leads(
        [{"phone_number": c} for c in ["9812345670", "1", "2", "3", "4", "9812345670"]],
        __import__("pathlib").Path(__import__("tempfile").mkdtemp()) / "l.csv",
    )
    report = leadprep.validate(path, batch_rows=2)
    assert report.summary()["duplicate_phone_number"]["rows"] == [7]
