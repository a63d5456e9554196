"""``prepare --split-by-timezone`` (spec §12): one folder per time zone, every number
exactly once, each part within the API's limits."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import phonenumbers
from conftest import run_cli
from phonenumbers import timezone

import leadprep
from leadprep.delivery._prepare import folder_name
from leadprep.dialnexa import MAX_CUSTOM_COLUMNS

SIP = {"sip": True, "network_groups": []}
#: area codes of four zones, and Indian mobiles
AREAS = {"212": "New York", "312": "Chicago", "303": "Denver", "415": "San Francisco"}


def _mixed_list(path: Path, n: int, seed: int = 7) -> list[str]:
    """A list of Indian and US numbers (and a toll-free line); the E.164 of each."""
    rng = random.Random(seed)  # noqa: S311 - deterministic test data
    numbers: set[str] = set()
    while len(numbers) < n:
        if rng.random() < 0.5:
            number = f"+91 98{rng.randrange(10**8):08d}"
        else:
            number = (
                f"+1 {rng.choice(list(AREAS))} {rng.randrange(200, 999)} {rng.randrange(10**4):04d}"
            )
        parsed = phonenumbers.parse(number)
        if phonenumbers.is_valid_number(parsed):
            numbers.add(number)
    rows = [*sorted(numbers), "+1 800 736 4123"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "city", "phone_number"])
        w.writerows([f"Lead {i}", "somewhere", number] for i, number in enumerate(rows))
    return rows


def _zones(e164: str) -> tuple[str, ...]:
    return tuple(timezone.time_zones_for_number(phonenumbers.parse(e164)))


def test_every_number_lands_once_in_the_folder_of_its_zones(tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    _mixed_list(source, 1200)
    out = tmp_path / "parts"
    report = leadprep.prepare(
        source,
        out,
        split_by_timezone=True,
        telephony_config=SIP,
        allow_suspicious=True,
        max_bytes=4_000,
    )
    clean = tmp_path / "clean.csv"
    leadprep.validate(source, telephony_config=SIP, allow_suspicious=True, output=clean)
    with clean.open(encoding="utf-8") as fh:
        expected = sorted(row["phone_number"] for row in csv.DictReader(fh))

    seen: list[str] = []
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert {f.name for f in folders} == {
        "Asia_Calcutta",
        "America_New_York",
        "America_Chicago",
        "America_Denver",
        "America_Los_Angeles",
        folder_name(_zones("+18007364123")),
    }
    for folder in folders:
        parts = sorted(folder.glob("part-*.csv"))
        assert parts[0].name == "part-0001.csv"
        for part in parts:
            assert part.stat().st_size <= 4_000  # (the byte cap asked for)
            with part.open(encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
            assert len(rows[0]) - 1 <= MAX_CUSTOM_COLUMNS
            for row in rows:
                assert folder_name(_zones(row["phone_number"])) == folder.name
                seen.append(row["phone_number"])
    assert sorted(seen) == expected  # every valid number, exactly once
    assert len(report.chunks) == sum(len(list(f.glob("part-*.csv"))) for f in folders)
    data = json.loads((out / "report.json").read_text())
    assert {p["file"].split("/")[0] for p in data["parts"]} == {f.name for f in folders}
    ny = next(p for p in data["parts"] if p["file"].startswith("America_New_York/"))
    assert ny["time_zones"] == ["America/New_York"]


def test_a_second_prepare_replaces_the_folders_of_the_first(tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    _mixed_list(source, 60)
    out = tmp_path / "parts"
    keep = out / "notes"
    keep.mkdir(parents=True)
    (keep / "mine.txt").write_text("not a part")
    result = run_cli(
        "prepare", source, "--out-dir", out, "--split-by-timezone",
        "--telephony-config", _sip(tmp_path), "--allow-suspicious",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (out / "America_Chicago" / "part-0001.csv").exists()
    assert "  America_Chicago/part-0001.csv  rows " in result.stdout
    # the same folder, now without splitting: the zone folders go, the user's stay
    again = run_cli(
        "prepare", source, "--out-dir", out, "--telephony-config", _sip(tmp_path),
        "--allow-suspicious",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes", "part-0001.csv", "report.json"]
    assert (keep / "mine.txt").exists()


def _sip(tmp_path: Path) -> Path:
    path = tmp_path / "sip.json"
    path.write_text(json.dumps(SIP))
    return path
