"""Corrupted inputs, generated with fixed seeds: never exit 70, never a traceback, always a report.

Each file is one of the samples with bytes flipped, a slice cut out or repeated,
or its end cut off. All are validated by one child process running the real
command line, so an abort (a native reader's, say) would show as that process
dying rather than take the test runner with it.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

SOURCES = ["leads.xlsx", "leads.xls", "leads_messy.csv"]
PER_SOURCE = 40

#: Validates each file named on stdin in this one process; prints one JSON line each.
_HARNESS = """
import io, json, sys
from contextlib import redirect_stderr, redirect_stdout
from leadprep.cli import main
for line in sys.stdin:
    path, report = line.rstrip("\\n").split("\\t")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(["validate", path, "--format", "json", "--report-json", report])
        except SystemExit as exc:
            code = exc.code
    print(json.dumps({"file": path, "code": code, "stdout": out.getvalue(),
                      "stderr": err.getvalue()}), flush=True)
"""


def corrupt(data: bytes, rng: random.Random) -> bytes:
    """One of four damages a transfer, a disk or an editor does."""
    b = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:  # flipped bytes
        for _ in range(rng.choice([1, 3, 20])):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:  # a slice cut out
        start = rng.randrange(len(b))
        del b[start : start + rng.randrange(1, 2_000)]
    elif kind == 2:  # a slice written twice
        start = rng.randrange(len(b))
        b[start:start] = b[start : start + rng.randrange(1, 2_000)]
    else:  # cut short
        del b[rng.randrange(1, len(b)) :]
    return bytes(b)


@pytest.mark.slow
def test_corrupted_files_end_in_a_report_never_a_crash(tmp_path: Path) -> None:
    jobs = []
    for source in SOURCES:
        data = (SAMPLES / source).read_bytes()
        rng = random.Random(f"fuzz:{source}")  # noqa: S311 - fixed seeds: the same files every run
        for i in range(PER_SOURCE):
            path = tmp_path / f"{i:02d}-{source}"
            path.write_bytes(corrupt(data, rng))
            jobs.append((path, tmp_path / f"{path.name}.report.json"))
    proc = subprocess.run(
        [sys.executable, "-c", _HARNESS],
        input="".join(f"{p}\t{r}\n" for p, r in jobs),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]  # the process itself never died
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(jobs)
    codes: dict[int, int] = {}
    for result, (_, report_path) in zip(results, jobs, strict=True):
        name = Path(result["file"]).name
        assert result["code"] in (0, 1, 3), f"{name}: exit {result['code']}: {result['stderr']}"
        assert "Traceback" not in result["stderr"], name
        report = json.loads(report_path.read_text())  # written, and JSON
        assert json.loads(result["stdout"]) == report, name  # stdout is the report alone
        assert report["exit_code"] == result["code"]
        codes[result["code"]] = codes.get(result["code"], 0) + 1
    assert codes.get(3, 0) >= 10  # the harness really damaged files …
    assert codes.get(0, 0) + codes.get(1, 0) >= 10  # … and not only beyond reading
