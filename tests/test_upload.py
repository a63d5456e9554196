"""leadprep upload / prepare / demo: exactly once through faults, kills and reruns."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import SAMPLES, run_cli
from leadgen import (
    acknowledged_shas,
    assert_no_acknowledged_chunk_sent_twice,
    make_leads,
    sandbox_leads,
    sandbox_uploads,
    valid_phones,
)
from sandboxproc import KEY, SandboxProcess

import leadprep
from leadprep import ApiError
from leadprep._resources import validator
from leadprep.api import DialNexaClient, RetryPolicy
from leadprep.sandbox import RunningSandbox, SandboxConfig

UPLOAD_SCHEMA = validator("upload-report")
IN_MOBILE = {"network_groups": [{"country": "IN", "prefixes": ["+916", "+917", "+918", "+919"]}]}


def campaign_of(client: DialNexaClient) -> str:
    return client.create_campaign(name="test", agent_id="agt_1").id


def test_upload_reconciles_and_a_rerun_sends_nothing(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    leads = make_leads(tmp_path / "leads.csv", 500)
    campaign = campaign_of(client)
    ledger = tmp_path / "ledger.db"
    first = leadprep.upload(leads, campaign, client=client, ledger=ledger, chunk_rows=60)
    totals = first.totals()
    assert totals["reconciled"], totals["differences"]
    assert first.exit_code == 1  # the file has some invalid rows
    assert sorted(sandbox_leads(Path(sandbox.config.db), campaign)) == sorted(valid_phones(leads))
    assert totals["rows_in_file"] == 500
    assert len(first.chunks) == -(-first.validation.rows_valid // 60)
    UPLOAD_SCHEMA.validate(first.to_dict())

    uploads_before = len(sandbox_uploads(Path(sandbox.config.db)))
    second = leadprep.upload(leads, campaign, client=client, ledger=ledger, chunk_rows=60)
    assert second.chunks == []
    assert second.totals()["rows_sent"] == 0
    assert second.validation.summary()["already_uploaded"]["count"] >= first.validation.rows_valid
    assert len(sandbox_uploads(Path(sandbox.config.db))) == uploads_before


def test_a_growing_daily_export_uploads_only_the_new_leads(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    campaign = campaign_of(client)
    ledger = tmp_path / "ledger.db"
    monday = make_leads(tmp_path / "monday.csv", 200, seed=5)
    leadprep.upload(monday, campaign, client=client, ledger=ledger)
    tuesday = make_leads(tmp_path / "tuesday.csv", 260, seed=5)  # same 200, then 60 more
    report = leadprep.upload(tuesday, campaign, client=client, ledger=ledger)
    new = valid_phones(tuesday) - valid_phones(monday)
    assert report.totals()["rows_sent"] == len(new)
    assert report.totals()["leads_created"] == len(new)
    assert sorted(sandbox_leads(Path(sandbox.config.db), campaign)) == sorted(valid_phones(tuesday))


def test_allow_reupload_sends_again(tmp_path: Path, client: DialNexaClient) -> None:
    leads = make_leads(tmp_path / "leads.csv", 50)
    campaign = campaign_of(client)
    ledger = tmp_path / "ledger.db"
    leadprep.upload(leads, campaign, client=client, ledger=ledger)
    again = leadprep.upload(leads, campaign, client=client, ledger=ledger, allow_reupload=True)
    t = again.totals()
    assert t["rows_sent"] == t["rows_valid"] > 0
    assert t["leads_skipped"] == t["rows_sent"]  # the sandbox already had them
    assert t["reconciled"]


def test_dry_run_prints_the_plan_and_sends_nothing(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    leads = make_leads(tmp_path / "leads.csv", 120)
    campaign = campaign_of(client)
    report = leadprep.upload(
        leads, campaign, client=client, ledger=tmp_path / "l.db", dry_run=True, chunk_rows=50
    )
    assert [c.status for c in report.chunks] == ["planned"] * 3
    assert "dry run" in report.to_text()
    assert sandbox_uploads(Path(sandbox.config.db)) == []
    UPLOAD_SCHEMA.validate(report.to_dict())


def test_api_400_rows_are_mapped_to_source_rows_and_the_rest_is_resent(tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "phone_number,name\n+919876500001,a\n+912249371250,landline\n+919876500002,b\n"
        "+914027841650,landline2\n+919876500003,c\n"
    )
    config = SandboxConfig(api_key=KEY, db=str(tmp_path / "s.db"), telephony=IN_MOBILE)
    with (
        RunningSandbox(config) as sb,
        DialNexaClient(sb.url, KEY, retry=RetryPolicy.no_wait()) as c,
    ):
        campaign = campaign_of(c)
        # locally the whole of India is enabled; the workspace only allows mobiles
        report = leadprep.upload(leads, campaign, client=c, ledger=tmp_path / "l.db")
        assert sorted(sandbox_leads(Path(config.db), campaign)) == [
            "+919876500001",
            "+919876500002",
            "+919876500003",
        ]
    assert [(r["row"], r["reason"]) for r in report.api_rejected_rows] == [
        (3, "Unsupported prefix"),
        (5, "Unsupported prefix"),
    ]
    t = report.totals()
    assert (t["rows_sent"], t["leads_created"], t["rows_rejected_by_api"]) == (5, 3, 2)
    assert t["reconciled"]
    assert report.exit_code == 1
    assert "row 3: refused by DialNexa: Unsupported prefix" in report.to_text()


def test_unparseable_400_marks_the_chunk_rejected_and_keeps_the_body(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text="<html>proxy says no</html>")

    leads = make_leads(tmp_path / "leads.csv", 30)
    with DialNexaClient("http://127.0.0.1:9/v1", KEY, transport=httpx.MockTransport(handler)) as c:
        report = leadprep.upload(leads, "cmp_1", client=c, ledger=tmp_path / "l.db")
    [chunk] = report.chunks
    assert chunk.status == "rejected"
    assert chunk.to_dict()["response"] == "<html>proxy says no</html>"
    assert report.exit_code == 4
    assert not report.totals()["reconciled"]
    UPLOAD_SCHEMA.validate(report.to_dict())


def test_401_stops_at_once_with_exit_5_and_a_rerun_resumes(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    leads = make_leads(tmp_path / "leads.csv", 200)
    ledger = tmp_path / "l.db"
    with DialNexaClient(sandbox.url, KEY) as good:
        campaign = campaign_of(good)
    with DialNexaClient(sandbox.url, "dnx_revoked", retry=RetryPolicy.no_wait()) as bad:
        refused = leadprep.upload(leads, campaign, client=bad, ledger=ledger, chunk_rows=20)
    assert refused.exit_code == 5
    assert refused.api_rejected_rows == []
    assert all(c.attempts <= 1 for c in refused.chunks)
    assert sum(c.attempts for c in refused.chunks) <= 2  # stopped at once (2 in flight at most)
    assert "refused the API key" in refused.to_text()
    with DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait()) as good:
        resumed = leadprep.upload(leads, campaign, client=good, ledger=ledger, chunk_rows=20)
    assert resumed.resumed
    assert resumed.run_id == refused.run_id
    assert resumed.totals()["reconciled"]


def test_api_down_exits_4_saying_rerun_resumes_and_it_does(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    leads = make_leads(tmp_path / "leads.csv", 100)
    ledger = tmp_path / "l.db"
    with DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait(3)) as c:
        campaign = campaign_of(c)
        sandbox.config.fail_rate = 1.0
        down = leadprep.upload(leads, campaign, client=c, ledger=ledger, chunk_rows=25)
        assert down.exit_code == 4
        assert "resumes" in down.to_text()
        assert down.stopped
        sandbox.config.fail_rate = 0.0
        up = leadprep.upload(leads, campaign, client=c, ledger=ledger, chunk_rows=25)
    assert up.resumed
    assert up.exit_code == 1
    assert up.totals()["reconciled"]
    assert sorted(sandbox_leads(Path(sandbox.config.db), campaign)) == sorted(valid_phones(leads))


def test_prepare_writes_parts_under_the_caps_and_a_report(tmp_path: Path) -> None:
    leads = make_leads(tmp_path / "leads.csv", 230)
    out = tmp_path / "parts"
    (out).mkdir()
    (out / "part-0099.csv").write_text("stale")
    report = leadprep.prepare(leads, out, chunk_rows=100)
    parts = sorted(out.glob("part-*.csv"))
    assert [p.name for p in parts] == ["part-0001.csv", "part-0002.csv", "part-0003.csv"]
    phones = set()
    for part in parts:
        lines = part.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "phone_number,customer_name,city,loan_amount"
        assert len(lines) - 1 <= 100
        phones |= {line.split(",")[0] for line in lines[1:]}
    assert phones == valid_phones(leads)
    data = json.loads((out / "report.json").read_text())
    assert [p["file"] for p in data["parts"]] == [p.name for p in parts]
    assert report.validation.rows_valid == len(phones)


#: Backoffs capped at 1 s in the real-process runs: the same retry decisions, without
#: the minute-long tail a streak of injected faults would otherwise wait through.
def drill_env() -> dict[str, str]:
    return {**os.environ, "LEADPREP_RETRY_MAX_DELAY": "1"}


def run_upload(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadprep", "upload", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=drill_env(),
    )


def popen_upload(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "leadprep", "upload", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
        env=drill_env(),
    )


@pytest.fixture
def leads_3000(tmp_path: Path) -> Path:
    return make_leads(tmp_path / "export.csv", 3000, seed=42)


def new_campaign(url: str) -> str:
    """Create a campaign on a possibly faulty sandbox (a stray extra campaign is harmless)."""
    with DialNexaClient(url, KEY, retry=RetryPolicy.no_wait(10)) as c:
        for _ in range(20):
            try:
                return campaign_of(c)
            except ApiError:
                continue
    raise AssertionError("could not create a campaign")


@pytest.mark.slow
def test_faults_on_every_valid_lead_arrives_exactly_once(tmp_path: Path, leads_3000: Path) -> None:
    db, ledger, report_path = (
        tmp_path / "sandbox.db",
        tmp_path / "ledger.db",
        tmp_path / "report.json",
    )
    with SandboxProcess(
        db,
        "--fail-rate",
        "0.2",
        "--fail-after-commit-rate",
        "0.25",
        "--rate-limit",
        "4",
        "--seed",
        "7",
    ) as sb:
        campaign = new_campaign(sb.url)
        args: list[str | Path] = [
            leads_3000,
            "--campaign",
            campaign,
            "--base-url",
            sb.url,
            "--api-key",
            KEY,
            "--ledger",
            ledger,
            "--chunk-rows",
            "100",
            "--concurrency",
            "2",
            "--max-attempts",
            "15",
            "--report-json",
            report_path,
        ]
        first = run_upload(*args)
        assert first.returncode == 1, first.stdout[-3000:] + first.stderr[-3000:]
        report = json.loads(report_path.read_text())
        UPLOAD_SCHEMA.validate(report)
        assert report["totals"]["reconciled"], report["totals"]["differences"]
        leads = sandbox_leads(db, campaign)
        assert len(leads) == len(set(leads))
        assert set(leads) == valid_phones(leads_3000)
        with sqlite3.connect(ledger) as conn:
            codes = [r[0] for r in conn.execute("SELECT COALESCE(status_code, 0) FROM attempts")]
        faulty = sum(code not in (200, 201) for code in codes)
        assert faulty / len(codes) >= 0.3, f"only {faulty}/{len(codes)} requests failed"
        assert {503, 500} <= set(codes)  # 429s depend on timing; tests/test_sandbox.py pins them
        assert 0 in codes  # a dropped connection: no status at all
        assert report["totals"]["chunks_in_doubt"] > 0

        uploads_before = len(sandbox_uploads(db))
        again = run_upload(*args)
        assert again.returncode == 1, again.stderr[-2000:]
        assert json.loads(report_path.read_text())["totals"]["rows_sent"] == 0
        assert len(sandbox_uploads(db)) == uploads_before


def kill_after_acknowledged(proc: subprocess.Popen[str], ledger: Path, chunks: int) -> set[str]:
    wait_for_acknowledged(proc, ledger, chunks)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return acknowledged_shas(ledger)


def wait_for_acknowledged(proc: subprocess.Popen[str], ledger: Path, chunks: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if len(acknowledged_shas(ledger)) >= chunks:
                break
        except sqlite3.OperationalError:
            pass  # the uploader has not created the ledger's tables yet
        assert proc.poll() is None, "the upload finished before it could be killed"
        time.sleep(0.02)


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_loses_nothing_and_resends_no_acknowledged_chunk(
    tmp_path: Path, leads_3000: Path
) -> None:
    db, ledger = tmp_path / "sandbox.db", tmp_path / "ledger.db"
    with SandboxProcess(db, "--latency-ms", "60") as sb:
        campaign = new_campaign(sb.url)
        args: list[str | Path] = [
            leads_3000,
            "--campaign",
            campaign,
            "--base-url",
            sb.url,
            "--api-key",
            KEY,
            "--ledger",
            ledger,
            "--chunk-rows",
            "100",
            "--concurrency",
            "2",
            "--quiet",
        ]
        acknowledged = kill_after_acknowledged(popen_upload(*args), ledger, 6)
        assert 6 <= len(acknowledged) < 29
        rerun = run_upload(*args)
        assert rerun.returncode == 1, rerun.stderr[-2000:]
        assert "reconciled" in rerun.stdout or "uploaded" in rerun.stdout
    leads = sandbox_leads(db, campaign)
    assert len(leads) == len(set(leads))
    assert set(leads) == valid_phones(leads_3000)
    assert_no_acknowledged_chunk_sent_twice(db, acknowledged)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_run_finishes_the_bookkeeping_reports_and_a_rerun_resumes(
    tmp_path: Path, leads_3000: Path, sig: signal.Signals
) -> None:
    db, ledger, report = tmp_path / "sandbox.db", tmp_path / "ledger.db", tmp_path / "r.json"
    with SandboxProcess(db, "--latency-ms", "60") as sb:
        campaign = new_campaign(sb.url)
        args: list[str | Path] = [
            leads_3000, "--campaign", campaign, "--base-url", sb.url, "--api-key", KEY,
            "--ledger", ledger, "--chunk-rows", "100", "--concurrency", "2",
            "--report-json", report, "--quiet",
        ]  # fmt: skip
        proc = popen_upload(*args)
        wait_for_acknowledged(proc, ledger, 4)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 128 + sig, out + err
        assert out.startswith(f"Result: interrupted by {sig.name}")
        assert "Run the same command again: it resumes" in out
        data = json.loads(report.read_text())
        UPLOAD_SCHEMA.validate(data)
        assert (data["status"], data["exit_code"]) == ("interrupted", 128 + sig)
        with sqlite3.connect(ledger) as conn:  # every part under way finished its bookkeeping
            assert (
                conn.execute("SELECT COUNT(*) FROM chunks WHERE status = 'sending'").fetchone()[0]
                == 0
            )
        acknowledged = acknowledged_shas(ledger)
        rerun = run_upload(*args)
        assert rerun.returncode == 1, rerun.stderr[-2000:]
    leads = sandbox_leads(db, campaign)
    assert len(leads) == len(set(leads))
    assert set(leads) == valid_phones(leads_3000)
    assert_no_acknowledged_chunk_sent_twice(db, acknowledged)


@pytest.mark.slow
def test_control_without_the_ledger_acknowledged_chunks_are_resent(
    tmp_path: Path, leads_3000: Path
) -> None:
    """The same kill-and-rerun with ``--ledger off``: the harness must see the resends."""
    db, ledger = tmp_path / "sandbox.db", tmp_path / "ledger.db"
    with SandboxProcess(db, "--latency-ms", "60") as sb:
        campaign = new_campaign(sb.url)
        watched: list[str | Path] = [
            leads_3000,
            "--campaign",
            campaign,
            "--base-url",
            sb.url,
            "--api-key",
            KEY,
            "--ledger",
            ledger,
            "--chunk-rows",
            "100",
            "--concurrency",
            "2",
            "--quiet",
        ]
        acknowledged = kill_after_acknowledged(popen_upload(*watched), ledger, 6)
        off: list[str | Path] = [a if a != ledger else "off" for a in watched]
        rerun = run_upload(*off)
        assert rerun.returncode == 1, rerun.stderr[-2000:]
    with pytest.raises(AssertionError, match="acknowledged chunks were sent again"):
        assert_no_acknowledged_chunk_sent_twice(db, acknowledged)
    assert sorted(set(sandbox_leads(db, campaign))) == sorted(valid_phones(leads_3000))


@pytest.mark.slow
def test_two_uploads_on_one_ledger_never_interleave(tmp_path: Path, leads_3000: Path) -> None:
    db, ledger = tmp_path / "sandbox.db", tmp_path / "ledger.db"
    with SandboxProcess(db, "--latency-ms", "20") as sb:
        campaign = new_campaign(sb.url)
        args: list[str | Path] = [
            leads_3000,
            "--campaign",
            campaign,
            "--base-url",
            sb.url,
            "--api-key",
            KEY,
            "--ledger",
            ledger,
            "--chunk-rows",
            "200",
            "--concurrency",
            "2",
            "--format",
            "json",
        ]
        one, two = popen_upload(*args), popen_upload(*args)
        outs = [p.communicate(timeout=300) for p in (one, two)]
    reports = [json.loads(out) for out, _ in outs]
    sent = sorted(r["totals"]["rows_sent"] for r in reports)
    assert sent[0] == 0  # whichever went second found everything uploaded
    assert sent[1] == len(valid_phones(leads_3000))
    shas = [sha for sha, status, _ in sandbox_uploads(db) if status == 201]
    assert len(shas) == len(set(shas))
    leads = sandbox_leads(db, campaign)
    assert len(leads) == len(set(leads)) == sent[1]


@pytest.mark.slow
def test_two_uploads_to_one_campaign_with_different_ledgers_never_run_at_once(
    tmp_path: Path, leads_3000: Path
) -> None:
    """Two cron jobs on one machine, each with a ledger of its own: the second waits."""
    db = tmp_path / "sandbox.db"
    with SandboxProcess(db, "--latency-ms", "20") as sb:
        campaign = new_campaign(sb.url)

        def job(ledger: str) -> subprocess.Popen[str]:
            return popen_upload(
                leads_3000, "--campaign", campaign, "--base-url", sb.url, "--api-key", KEY,
                "--ledger", tmp_path / ledger, "--chunk-rows", "200", "--quiet",
            )  # fmt: skip

        one, two = job("first.db"), job("second.db")
        for proc in (one, two):
            proc.communicate(timeout=300)
            assert proc.returncode == 1
    with sqlite3.connect(db) as conn:
        order = [r[0].split("-part-")[0] for r in conn.execute(
            "SELECT filename FROM uploads WHERE status_code = 201 ORDER BY rowid"
        )]  # fmt: skip
    runs = [run for i, run in enumerate(order) if i == 0 or order[i - 1] != run]
    assert len(runs) == 2, runs  # one run's parts, then the other's: never interleaved
    leads = sandbox_leads(db, campaign)
    assert len(leads) == len(set(leads))  # the second sent again; DialNexa skipped them


def test_second_upload_refuses_when_the_lock_wait_runs_out(tmp_path: Path) -> None:
    ledger = leadprep.Ledger(tmp_path / "l.db")
    with ledger.lock("c", wait_s=1):
        result = run_upload(
            SAMPLES / "leads_clean.csv",
            "--campaign",
            "c",
            "--ledger",
            tmp_path / "l.db",
            "--lock-wait",
            "0.3",
            "--api-key",
            "k",
            "--base-url",
            "http://127.0.0.1:9/v1",
        )
    assert result.returncode == 4
    assert "in use by leadprep pid" in result.stderr
    assert "nothing was sent" in result.stderr


def test_upload_without_an_api_key_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(
        "upload",
        SAMPLES / "leads_clean.csv",
        "--campaign",
        "c",
        "--ledger",
        tmp_path / "l.db",
        unset=("DIALNEXA_API_KEY",),
    )
    assert result.returncode == 2
    assert "DIALNEXA_API_KEY" in result.stderr


def test_dry_run_needs_no_api_key(tmp_path: Path) -> None:
    result = run_cli(
        "upload",
        SAMPLES / "leads_clean.csv",
        "--campaign",
        "c",
        "--dry-run",
        "--ledger",
        tmp_path / "l.db",
    )
    assert result.returncode == 0, result.stderr
    assert "dry run" in result.stdout


def test_a_rejected_file_gets_an_upload_report_with_exit_3(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    report_path = tmp_path / "r.json"
    result = run_cli(
        "upload",
        empty,
        "--campaign",
        "c",
        "--api-key",
        "k",
        "--ledger",
        tmp_path / "l.db",
        "--report-json",
        report_path,
    )
    assert result.returncode == 3
    data = json.loads(report_path.read_text())
    UPLOAD_SCHEMA.validate(data)
    assert data["errors"][0]["code"] == "empty_file"


@pytest.mark.slow
def test_demo_shows_the_job_end_to_end(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "leadprep", "demo", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "✓ reconciled" in result.stdout
    assert "✓ every valid lead arrived exactly once" in result.stdout
    assert "0 sent." in result.stdout
    assert "already uploaded (58 numbers and 3 repeats of them)" in result.stdout


def test_prepare_fills_parts_up_to_the_byte_cap_unless_a_row_cap_is_asked(
    tmp_path: Path,
) -> None:
    leads = make_leads(tmp_path / "leads.csv", 12_000)  # ~0.5 MB: one part fits it all
    whole = leadprep.prepare(leads, tmp_path / "whole")
    assert len(whole.chunks) == 1
    capped = leadprep.prepare(leads, tmp_path / "capped", chunk_rows=5_000)
    assert len(capped.chunks) == 3
    assert sum(c.rows for c in capped.chunks) == whole.chunks[0].rows


def test_a_dataframe_uploads_exactly_once_and_a_changed_one_is_a_new_run(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    import pandas as pd

    leads = make_leads(tmp_path / "leads.csv", 300)
    frame = pd.read_csv(leads, dtype=str, keep_default_na=False)
    campaign = campaign_of(client)
    ledger = tmp_path / "ledger.db"
    first = leadprep.upload(frame, campaign, client=client, ledger=ledger, chunk_rows=100)
    assert first.totals()["reconciled"]
    assert first.validation.file == "<DataFrame: 300 rows × 4 columns>"
    assert sorted(sandbox_leads(Path(sandbox.config.db), campaign)) == sorted(valid_phones(leads))
    again = leadprep.upload(frame.copy(), campaign, client=client, ledger=ledger)
    assert again.totals()["rows_sent"] == 0  # same content: the ledger knows it
    grown = pd.concat([frame, frame.iloc[:0]], ignore_index=True)
    grown.loc[len(grown)] = ["9812345670", "Late lead", "Goa", "1"]
    third = leadprep.upload(grown, campaign, client=client, ledger=ledger)
    assert third.totals()["rows_sent"] == 1
    assert third.run_id != first.run_id
