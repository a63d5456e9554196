"""Golden outputs: what leadprep prints and writes for the sample files, byte for byte.

Each case runs the real command line (in-process) and compares every output it
makes — stdout, the JSON report, the clean CSV, the errors CSV, prepare's parts,
``init``'s config — with a file under ``tests/golden/``. Only what differs from run
to run by nature is masked (temporary paths, durations and timings, run and campaign ids, the
version, today's date, a do-not-call list's age). A change to any output is then a
deliberate one: rerun with ``LEADPREP_UPDATE_GOLDEN=1`` and read the diff before
committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli
from sandboxproc import KEY

from leadprep.api import DialNexaClient
from leadprep.sandbox import RunningSandbox

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("LEADPREP_UPDATE_GOLDEN") == "1"
RULES: list[str | Path] = [
    "--telephony-config",
    SAMPLES / "telephony-config.json",
    "--prompt",
    SAMPLES / "agent-prompt.txt",
    "--suppress",
    SAMPLES / "do-not-call.txt",
]


def masked(text: str, tmp: Path) -> str:
    """``text`` with what changes from run to run replaced by a fixed word."""
    text = text.replace(str(tmp), "<tmp>").replace(str(SAMPLES), "<samples>")
    text = re.sub(r'"duration_s": [0-9.e-]+', '"duration_s": 0', text)
    text = re.sub(r'"seconds": [0-9.e-]+', '"seconds": 0', text)
    text = re.sub(r'"leadprep_version": "[^"]*"', '"leadprep_version": "<version>"', text)
    text = re.sub(r"\brun_[0-9a-f]{12}\b", "run_<id>", text)
    text = re.sub(r"\bcmp_[0-9A-Za-z]+\b", "cmp_<id>", text)
    text = re.sub(r"http://127\.0\.0\.1:[0-9]+", "http://<sandbox>", text)
    # a do-not-call list's age is its checkout's
    text = re.sub(r"changed [0-9.]+ days ago", "changed <age> days ago", text)
    text = re.sub(r'"age_days": [0-9.]+', '"age_days": "<age>"', text)
    text = re.sub(r'"modified": "[^"]*"', '"modified": "<modified>"', text)
    return re.sub(r"on \d{4}-\d{2}-\d{2}\.", "on <today>.", text)


def check(name: str, text: str, tmp: Path) -> None:
    """``text`` (masked) is the golden file ``name``, or becomes it when updating."""
    got = masked(text, tmp)
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(got.encode("utf-8"))
        return
    assert path.exists(), f"no golden {name}: run with LEADPREP_UPDATE_GOLDEN=1"
    assert got == path.read_bytes().decode("utf-8"), f"{name} differs from tests/golden/{name}"


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("case", "args"),
    [
        ("messy", ["leads_messy.csv", *RULES]),
        ("xlsx", ["leads.xlsx", *RULES, "--phone-column", "Mobile No"]),
        ("xls", ["leads.xls", *RULES]),
        ("clean", ["leads_clean.csv", *RULES]),
        ("us_export", ["crm_export_us.csv"]),
        ("us_columns", ["crm_export_us.csv", "--columns", "First Name,Company,Title,City"]),
    ],
)
def test_validate_prints_and_writes_what_it_did(
    case: str, args: list[str | Path], tmp_path: Path
) -> None:
    file, *flags = args
    out = tmp_path / "clean.csv"
    errors = tmp_path / "errors.csv"
    report = tmp_path / "report.json"
    result = run_cli(
        "validate",
        SAMPLES / str(file),
        *flags,
        "--output",
        out,
        "--errors-output",
        errors,
        "--report-json",
        report,
    )
    check(
        f"validate-{case}.txt",
        f"exit {result.returncode}\n{result.stdout}{result.stderr}",
        tmp_path,
    )
    check(f"validate-{case}.json", read(report), tmp_path)
    for path in (out, errors):
        if path.exists():
            check(f"validate-{case}.{path.stem}.csv", read(path), tmp_path)


def test_quiet_and_json_formats(tmp_path: Path) -> None:
    quiet = run_cli("validate", SAMPLES / "leads_messy.csv", *RULES, "--quiet")
    check("validate-messy-quiet.txt", quiet.stdout, tmp_path)
    as_json = run_cli("validate", SAMPLES / "leads_messy.csv", *RULES, "--format", "json")
    check("validate-messy-stdout.json", as_json.stdout, tmp_path)


def test_prepare_writes_the_parts_and_report(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    result = run_cli(
        "prepare", SAMPLES / "leads_messy.csv", *RULES, "--out-dir", parts, "--chunk-rows", "20"
    )
    check("prepare-messy.txt", f"exit {result.returncode}\n{result.stdout}", tmp_path)
    for path in sorted(parts.iterdir()):
        check(f"prepare-messy.{path.name}", read(path), tmp_path)


def test_init_writes_the_config_that_makes_the_file_pass(tmp_path: Path) -> None:
    result = run_cli("init", SAMPLES / "crm_export_us.csv")
    check("init-us_export.toml", f"exit {result.returncode}\n{result.stdout}", tmp_path)


def test_upload_and_rerun_print_the_reconciliation(tmp_path: Path, sandbox: RunningSandbox) -> None:
    with DialNexaClient(sandbox.url, KEY) as client:
        campaign = client.create_campaign(name="golden", agent_id="agt_1").id
    args: list[str | Path] = [
        "upload",
        SAMPLES / "leads_messy.csv",
        *RULES,
        "--campaign",
        campaign,
        "--base-url",
        sandbox.url,
        "--api-key",
        KEY,
        "--ledger",
        tmp_path / "ledger.db",
        "--chunk-rows",
        "25",
        "--concurrency",
        "1",
    ]
    for run in ("first", "rerun"):
        report = tmp_path / f"{run}.json"
        result = run_cli(*args, "--report-json", report)
        check(f"upload-messy-{run}.txt", f"exit {result.returncode}\n{result.stdout}", tmp_path)
        check(f"upload-messy-{run}.json", read(report), tmp_path)
