"""Outputs never land on an input or on each other, and are written whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

import leadprep
from leadprep import UsageError
from leadprep._paths import write_atomically


@pytest.fixture
def leads(tmp_path: Path) -> Path:
    path = tmp_path / "m.csv"
    path.write_bytes((SAMPLES / "leads_messy.csv").read_bytes())
    return path


@pytest.mark.parametrize(
    "flags",
    [
        ["--errors-output", "{input}"],
        ["-o", "{input}"],
        ["--report-json", "{input}"],
        ["-o", "{dir}/c.csv", "--errors-output", "{dir}/c.csv"],
        ["--errors-output", "{dir}/e.csv", "--report-json", "{dir}/e.csv"],
        ["--suppress", "{dir}/dnc.txt", "-o", "{dir}/dnc.txt"],
        ["-o", "{dir}/hardlink.csv"],
    ],
)
def test_validate_refuses_an_output_over_an_input_before_reading_anything(
    leads: Path, tmp_path: Path, flags: list[str]
) -> None:
    original = leads.read_bytes()
    (tmp_path / "dnc.txt").write_text("9847152630\n")
    os.link(leads, tmp_path / "hardlink.csv")  # the same file under another name
    args = [f.format(input=leads, dir=tmp_path) for f in flags]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli("validate", leads, *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ")
    assert leads.read_bytes() == original  # the 60 good leads are still there
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_upload_refuses_a_ledger_that_is_the_input(leads: Path) -> None:
    original = leads.read_bytes()
    result = run_cli("upload", leads, "--campaign", "c", "--dry-run", "--ledger", leads)
    assert result.returncode == 2
    assert "--ledger" in result.stderr
    assert leads.read_bytes() == original


def test_prepare_refuses_an_input_it_would_replace_in_its_out_dir(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    leads = parts / "part-0001.csv"
    leads.write_bytes((SAMPLES / "leads_clean.csv").read_bytes())
    with pytest.raises(UsageError, match="out_dir"):  # a Python caller: the keyword
        leadprep.prepare(leads, parts)
    assert leads.read_bytes() == (SAMPLES / "leads_clean.csv").read_bytes()


def test_the_python_api_refuses_the_same(leads: Path) -> None:
    with pytest.raises(UsageError, match="destroy the input"):
        leadprep.validate(leads, errors_output=leads)
    with pytest.raises(UsageError, match="destroy the input"):
        leadprep.upload(leads, "c", dry_run=True, errors_output=leads, ledger="off")


def test_outputs_are_replaced_whole_and_leave_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old " * 1000)
    write_atomically(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_text_written_in_pieces_lands_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    write_atomically(target, iter(["{", '"é": 1', "}\n"]))
    assert target.read_bytes() == '{"é": 1}\n'.encode()

    def broken() -> Iterator[str]:
        yield "half"
        raise RuntimeError("the report could not be finished")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken())
    assert target.read_text(encoding="utf-8") == '{"é": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_outputs_get_the_permissions_of_any_new_file_of_the_user(tmp_path: Path) -> None:
    """Written under umask 022 (a cron job's), every output is 0644 — readable by the
    colleague or the uploader that picks it up, as a file from ``open`` would be."""
    import stat
    import subprocess
    import sys

    command = (
        'umask 022; exec "$0" -m leadprep validate "$1" -q -o c.csv '
        "--errors-output e.csv --report-json r.json --report-html r.html"
    )
    subprocess.run(
        ["/bin/sh", "-c", command, sys.executable, str(SAMPLES / "leads_messy.csv")],
        cwd=tmp_path,
        check=False,
        capture_output=True,
        env={**os.environ, "LEADPREP_CACHE_DIR": ""},  # (no pattern cache: outputs only)
    )
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == dict.fromkeys(["c.csv", "e.csv", "r.json", "r.html"], 0o644)
