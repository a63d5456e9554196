"""Hostile files are refused with a file-level code: fast, in bounded memory, no traceback.

Each runs the real CLI in a child process and reads that child's own peak RSS
from ``wait4`` (not the test runner's).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from leadgen import mobile
from xlsxkit import (
    billion_laughs_xlsx,
    build_xlsx,
    far_cell_xlsx,
    lying_strings_xlsx,
    zip_bomb_xlsx,
)

import leadprep

MAX_SECONDS = 5.0
MAX_RSS_MB = 200


#: Runs the real CLI, then reports the process's own peak RSS. (wait4's ru_maxrss
#: would include the pytest process the child was forked from; VmHWM is per
#: address space and starts afresh at exec.)
_CHILD = """
import sys
from leadprep.cli import main
code = main(sys.argv[1:])
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
sys.stderr.write("\\nPEAK_KB " + peak.split()[1] + "\\n")
sys.exit(code)
"""


#: Children whose memory and time are measured run without coverage's tracer.
UNMEASURED = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}


def run_measured(*args: str | Path) -> tuple[int, str, str, float, float]:
    """Run ``leadprep`` → (exit code, stdout, stderr, seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env=UNMEASURED,
    )
    seconds = time.perf_counter() - start
    peak_kb = int(proc.stderr.rsplit("PEAK_KB ", 1)[1].split()[0])
    return proc.returncode, proc.stdout, proc.stderr, seconds, peak_kb / 1024


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zip_bomb_xlsx(tmp_path_factory.mktemp("bomb") / "leads.xlsx")


def huge_cell_csv(path: Path) -> Path:
    with path.open("w") as fh:
        fh.write("phone_number,notes\n9847152630,")
        fh.write("x" * 10_000_000)
        fh.write("\n")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["zip_bomb", "billion_laughs", "huge_cell"])
def test_hostile_file_is_refused_quickly_in_bounded_memory(
    kind: str, bomb: Path, tmp_path: Path
) -> None:
    path = {
        "zip_bomb": lambda: bomb,
        "billion_laughs": lambda: billion_laughs_xlsx(tmp_path / "lol.xlsx"),
        "huge_cell": lambda: huge_cell_csv(tmp_path / "huge.csv"),
    }[kind]()
    code, out, err, seconds, rss_mb = run_measured("validate", path)
    assert code == 3, out + err
    assert "Traceback" not in out + err
    assert "unreadable_file" in out
    assert seconds < MAX_SECONDS, f"{kind} took {seconds:.1f}s"
    assert rss_mb < MAX_RSS_MB, f"{kind} peaked at {rss_mb:.0f} MB"


def test_zip_bomb_really_inflates_far(bomb: Path) -> None:
    """Guard the harness: the bomb must be one, or the test above proves nothing."""
    with zipfile.ZipFile(bomb) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size >= 256 << 20
    assert info.file_size / info.compress_size > 500


def test_entities_are_refused_even_without_the_prolog_guard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """defusedxml (through openpyxl) is the second line; its error is wrapped, not raised."""
    monkeypatch.setattr("leadprep.read._excel.check_xlsx_container", lambda path: None)
    report = leadprep.validate(billion_laughs_xlsx(tmp_path / "lol.xlsx"))
    assert [f.code for f in report.details.errors] == ["unreadable_file"]


def test_truncated_xlsx_is_unreadable(tmp_path: Path) -> None:
    good = build_xlsx(tmp_path / "good.xlsx", {"S": [["phone_number"], ["9847152630"]]})
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    report = leadprep.validate(bad)
    assert [f.code for f in report.details.errors] == ["unreadable_file"]


def test_huge_xlsx_cell_is_refused(tmp_path: Path) -> None:
    path = build_xlsx(
        tmp_path / "big.xlsx", {"S": [["phone_number", "n"], ["9847152630", "y" * 1_100_000]]}
    )
    report = leadprep.validate(path)
    assert [f.code for f in report.details.errors] == ["unreadable_file"]
    assert "1,000,000 characters" in report.details.errors[0].message


def test_xml_prolog_too_long_is_refused(tmp_path: Path) -> None:
    xml = '<?xml version="1.0"?>' + "<!--" + "x" * 70_000 + "-->" + "<worksheet/>"
    path = build_xlsx(tmp_path / "p.xlsx", {"S": xml})
    report = leadprep.validate(path)
    assert [f.code for f in report.details.errors] == ["unreadable_file"]


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("far cell", "a stray cell far from the data"),
        ("far cell, r after s", "a stray cell far from the data"),
        ("column past XFD", "beyond a spreadsheet's last cell"),
        ("reference past the last row", "beyond a spreadsheet's last cell"),
        ("lying string count", "declares 4,000,000,000 strings"),
    ],
)
def test_a_tiny_workbook_that_would_abort_a_native_reader_is_refused(
    tmp_path: Path, kind: str, says: str
) -> None:
    """Each of these (1-2 KB) made calamine abort the interpreter: no report, exit 134."""
    path = tmp_path / "leads.xlsx"
    if kind == "far cell":
        far_cell_xlsx(path)
    elif kind == "far cell, r after s":
        far_cell_xlsx(path, "XFD999999", attrs='t="n" ')
    elif kind == "column past XFD":
        far_cell_xlsx(path, "ZZZ999")
    elif kind == "reference past the last row":
        far_cell_xlsx(path, "A99999999999")
    else:
        lying_strings_xlsx(path)
    assert path.stat().st_size < 3_000
    report = tmp_path / "report.json"
    code, out, err, seconds, rss_mb = run_measured("validate", path, "--report-json", report)
    assert code == 3, out + err
    assert says in out
    assert "unreadable_file" in report.read_text()
    assert seconds < MAX_SECONDS
    assert rss_mb < MAX_RSS_MB


def test_a_wide_sheet_whose_grid_matches_its_content_still_reads(tmp_path: Path) -> None:
    """Columns out to AAA on every row: large references, but no stray cell."""
    columns = 704  # A … AAB
    path = build_xlsx(
        tmp_path / "wide.xlsx",
        {
            "S": [["phone_number", *(f"v{i}" for i in range(1, columns))]]
            + [[f"98765432{r:02d}", *(["x"] * (columns - 1))] for r in range(10)]
        },
    )
    report = leadprep.validate(path)
    assert report.rejected  # 703 custom columns is too many for DialNexa ...
    assert [f.code for f in report.details.errors] == [
        "too_many_custom_columns"
    ]  # ... not unreadable


def padded_csv(path: Path, columns: int, *, stray_at: int | None = None) -> Path:
    """1,000 leads padded with empty cells out to ``columns`` (a sheet saved whole)."""
    with path.open("w") as fh:
        fh.write("phone_number,name" + "," * (columns - 2) + "\n")
        for i in range(1_000):
            stray = "x" if i == stray_at else ""
            fh.write(f"{mobile(i)},Lead {i}" + "," * (columns - 2) + stray + "\n")
    return path


@pytest.mark.slow
def test_thousands_of_empty_trailing_columns_cost_next_to_nothing(tmp_path: Path) -> None:
    path = padded_csv(tmp_path / "padded.csv", 16_384)
    code, out, err, seconds, rss_mb = run_measured("validate", path, "-q")
    assert code == 0, out + err
    assert out.strip() == ""  # -q: nothing on success
    assert rss_mb < MAX_RSS_MB  # it took 500 MB: every empty cell was carried along
    assert seconds < MAX_SECONDS


def test_a_cell_in_the_padding_is_still_a_column_without_a_header(tmp_path: Path) -> None:
    report = leadprep.validate(padded_csv(tmp_path / "padded.csv", 2_000, stray_at=500))
    [finding] = report.details.errors
    assert finding.code == "empty_column_name"
    assert "column BXX" in finding.message  # column 2,000, as the spreadsheet names it
    assert "row 502" in finding.message
