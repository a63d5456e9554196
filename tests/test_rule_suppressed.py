"""Rule ``suppressed`` (leadprep/check/rules/suppressed.py)."""

from __future__ import annotations

from pathlib import Path

from rulecheck import codes

from leadprep.check.rules import Suppressed


def test_a_listed_number_is_skipped_in_any_writing(tmp_path: Path) -> None:
    dnc = tmp_path / "dnc.txt"
    dnc.write_text("+91 98123 45670\n")
    got = codes(["098123-45670", "9812345671"], suppress=dnc)
    assert got == {2: "suppressed"}
    assert Suppressed.severity == "skipped"


def test_several_lists_are_all_used(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("9812345670\n")
    (tmp_path / "b.txt").write_text("9812345671\n")
    lists = [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert codes(["9812345670", "9812345671", "9812345672"], suppress=lists) == {
        2: "suppressed",
        3: "suppressed",
    }
