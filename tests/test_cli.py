"""The real command line: exit codes 0/1/2/3 (spec §5), messages, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES, fixture, run_cli, run_process


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", SAMPLES / "leads_clean.csv"], 0),
        (["validate", SAMPLES / "leads_messy.csv"], 1),
        (["validate", fixture("custom_16.csv")], 3),
        (["validate", fixture("nul.csv")], 3),
        (["validate", fixture("image.csv")], 3),
        (["validate", "no/such/file.csv"], 3),
        (["validate"], 2),
        (["validate", SAMPLES / "leads_clean.csv", "--default-region", "XX"], 2),
        (["validate", SAMPLES / "leads_clean.csv", "--format", "yaml"], 2),
        (["validate", SAMPLES / "leads_clean.csv", "--errors-output", "e.pdf"], 2),
        (["validate", fixture("multi_sheet.xlsx"), "--sheet", "Nope"], 2),
        (["frobnicate"], 2),
    ],
)
def test_exit_codes(args: list[str | Path], code: int) -> None:
    result = run_cli(*args)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_installed_command_runs_as_a_process_with_the_same_exit_codes(tmp_path: Path) -> None:
    """What cron runs: ``python -m leadprep`` in its own process, no traceback, one error line."""
    ok = run_process("validate", SAMPLES / "leads_clean.csv", "--quiet")
    assert (ok.returncode, ok.stdout) == (0, "")  # -q: nothing on success
    bad = run_process("validate", SAMPLES / "leads_clean.csv", "--default-region", "XX")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: ")
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr


def test_usage_error_is_one_line_what_and_what_to_do(tmp_path: Path) -> None:
    bad = tmp_path / "routes.json"
    bad.write_text('{"network_groups": [{"country": "India", "prefixes": []}]}')
    result = run_cli("validate", SAMPLES / "leads_clean.csv", "--telephony-config", bad)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "$.network_groups[0].country" in result.stderr
    assert " — " in result.stderr


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["prepare", str(SAMPLES / "leads_clean.csv"), "out"], "prepare"),
        (["validate", str(SAMPLES / "leads_clean.csv"), "--bogus"], "validate"),
        (["campaign", "create", "--bogus", "1"], "campaign create"),
    ],
)
def test_an_unknown_argument_points_to_its_own_commands_help(args: list[str], command: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: leadprep {command} ")
    assert f"— see 'leadprep {command} --help'" in result.stderr


def test_debug_shows_the_traceback() -> None:
    result = run_cli("validate", SAMPLES / "leads_clean.csv", "--default-region", "XX", "--debug")
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_report_json_is_written_even_for_a_rejected_file(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    result = run_cli("validate", fixture("empty.csv"), "--report-json", path)
    assert result.returncode == 3
    data = json.loads(path.read_text())
    assert data["errors"][0]["code"] == "empty_file"


def test_report_json_is_written_for_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    run_cli(
        "validate", SAMPLES / "leads_clean.csv", "--default-region", "XX", "--report-json", path
    )
    assert json.loads(path.read_text())["status"] == "usage_error"


def test_format_json_prints_the_report() -> None:
    result = run_cli("validate", fixture("duplicates.csv"), "--format", "json")
    data = json.loads(result.stdout)
    assert data["rows_invalid"] == 3
    assert data["exit_code"] == 1


def test_quiet_prints_only_the_verdict() -> None:
    result = run_cli("validate", SAMPLES / "leads_messy.csv", "--quiet")
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("Result:")
    assert result.stderr == ""


def test_messy_sample_report_is_actionable_without_docs(tmp_path: Path) -> None:
    result = run_cli(
        "validate",
        SAMPLES / "leads_messy.csv",
        "--telephony-config",
        SAMPLES / "telephony-config.json",
        "--prompt",
        SAMPLES / "agent-prompt.txt",
        "--suppress",
        SAMPLES / "do-not-call.txt",
        "--errors-output",
        tmp_path / "errors.xlsx",
    )
    out = result.stdout
    assert result.returncode == 1
    for expected in (
        "missing_phone_number: 1 row — 5",
        "phone_precision_lost: 1 row — 14",
        "unsupported_country: 2 rows — 17, 21",
        "unsupported_prefix: 1 row — 25",
        "suppressed: 1 row — 64",
        "suspicious_number: 1 row — 60",
        "phone_extension_dropped: 1 row — 55",
        "{{preferred_language}}",
        "format the column as Text",  # what to do, not just what is wrong
        str(tmp_path / "errors.xlsx"),
    ):
        assert expected in out, expected
    assert (tmp_path / "errors.xlsx").exists()


def test_progress_bar_only_on_a_terminal_for_big_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from leadprep._progress import BAR_MIN_BYTES, Progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not Progress(BAR_MIN_BYTES * 10, enabled=True).active
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert Progress(BAR_MIN_BYTES * 10, enabled=True).active
    assert not Progress(BAR_MIN_BYTES * 10, enabled=False).active  # --quiet
    assert not Progress(1000, enabled=True).active  # small file: no flicker


#: Run the command line as its console entry does (pandas unimportable), in a child
#: whose imports are its own; print the exit code, whether pandas got loaded, and
#: which threads first imported a pyarrow module.
_WITHOUT_PANDAS = """
import importlib.abc, sys, threading
importers = set()
class Spy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] == "pyarrow":
            importers.add(threading.current_thread().name)
sys.meta_path.insert(0, Spy())
from leadprep.cli._main import main, without_pandas
with without_pandas():
    code = main(sys.argv[1:])
print(code, "pandas" in sys.modules, ",".join(sorted(importers)))
"""


@pytest.mark.parametrize("kind", ["csv", "xlsx", "xls", "parquet"])
def test_the_command_line_reads_every_kind_of_file_without_pandas_and_reads_it_alike(
    kind: str, tmp_path: Path
) -> None:
    import subprocess
    import sys

    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    source = {
        "csv": SAMPLES / "leads_messy.csv",
        "xlsx": fixture("numeric.xlsx"),
        "xls": fixture("legacy.xls"),
        "parquet": tmp_path / "leads.parquet",
    }[kind]
    if kind == "parquet":
        table = pacsv.read_csv(
            SAMPLES / "leads_messy.csv",
            convert_options=pacsv.ConvertOptions(strings_can_be_null=False),
        )
        pq.write_table(table.cast(table.schema), source)
    args = ["validate", str(source), "--format", "json", "--output"]
    child = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PANDAS, *args, str(tmp_path / "child.csv")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    here = run_cli(*args, tmp_path / "here.csv")
    *report, last = child.stdout.strip().splitlines()
    code, pandas_loaded, importers = last.split()
    assert (int(code), pandas_loaded) == (here.returncode, "False"), child.stderr[-2000:]
    # pyarrow's modules import each other: a reader or checker thread importing them
    # while the main thread does can be handed a half-made module (ImportError).
    assert importers == "MainThread"
    ignore = {"duration_s", "outputs"}
    assert {k: v for k, v in json.loads("\n".join(report)).items() if k not in ignore} == {
        k: v for k, v in json.loads(here.stdout).items() if k not in ignore
    }
    assert (tmp_path / "child.csv").read_bytes() == (tmp_path / "here.csv").read_bytes()


def test_the_console_entry_has_glibc_keep_freed_memory_for_the_next_batch() -> None:
    import platform
    import sys

    from leadprep.cli._main import keep_freed_memory

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert keep_freed_memory() is glibc


#: In a fresh process: the console entry, running a command that reads NumPy's settings.
_NUMPY_SETTINGS = """
from leadprep.cli import _main

def main(argv=None):
    import os
    import numpy as np
    print(np._core.multiarray._set_madvise_hugepage(False))  # (returns what it was)
    print(os.environ["OPENBLAS_NUM_THREADS"], os.environ["MIMALLOC_ALLOW_THP"])
    return 0

_main.main = main
_main.run()
"""


@pytest.mark.parametrize(("given", "threads"), [(None, "1"), ("4", "4")])
def test_the_command_line_loads_numpy_and_arrow_without_blas_threads_or_huge_pages(
    given: str | None, threads: str
) -> None:
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENBLAS_NUM_THREADS", "NUMPY_MADVISE_HUGEPAGE", "MIMALLOC_ALLOW_THP")
    }
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given  # what the user sets wins
    out = subprocess.run(
        [sys.executable, "-c", _NUMPY_SETTINGS], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", threads, "0"]
