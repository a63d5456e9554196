"""``leadprep demo``: the main job end to end, against an embedded sandbox.

Starts the sandbox in-process on a free loopback port, creates a campaign, then
turns on latency and faults (503s, 500s and dropped connections *after* the
server committed) and uploads the messy sample file in small chunks. It prints
the validation and the reconciliation, checks the sandbox's database holds each
valid lead exactly once, and runs the same upload again to show that nothing is
sent twice.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from .._resources import data_dir
from ..api import DialNexaClient, RetryPolicy
from ..delivery import upload
from ..sandbox import RunningSandbox, SandboxConfig

KEY = "dnx_test_demo_key"


def run_demo(*, keep: str | None = None, quiet: bool = False) -> int:
    samples = data_dir("sample_files")
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="leadprep-demo-"))
    work.mkdir(parents=True, exist_ok=True)
    say = (lambda *a: None) if quiet else print
    config = SandboxConfig(
        api_key=KEY,
        db=str(work / "sandbox.sqlite3"),
        telephony=samples / "telephony-config.json",
        seed=11,
    )
    messy = samples / "leads_messy.csv"
    rules: dict[str, Any] = {
        "telephony_config": samples / "telephony-config.json",
        "prompt": samples / "agent-prompt.txt",
        "suppress": samples / "do-not-call.txt",
    }
    with RunningSandbox(config) as sandbox:
        client = DialNexaClient(sandbox.url, KEY, retry=RetryPolicy(attempts=10, base_delay=0.05))
        campaign = client.create_campaign(name="leadprep demo", agent_id="agt_demo")
        config.latency_ms, config.fail_rate, config.fail_after_commit_rate = 15, 0.15, 0.15
        say(f"leadprep demo — sandbox at {sandbox.url}, campaign {campaign.id}")
        say("faults on: 15% of requests answer 503, 15% of uploads commit and then answer")
        say("500 or drop the connection; 15 ms latency. Chunks of 10 rows, 2 at a time.\n")
        ledger = work / "ledger.sqlite3"
        first = upload(
            messy,
            campaign.id,
            client=client,
            ledger=ledger,
            chunk_rows=10,
            concurrency=2,
            errors_output=work / "errors.xlsx",
            **rules,
        )
        say(first.to_text())
        say(f"\n(bad rows with their messages: {work / 'errors.xlsx'})")

        say("\nThe same file again, as tomorrow's cron job would send it:")
        second = upload(messy, campaign.id, client=client, ledger=ledger, chunk_rows=10, **rules)
        t = second.totals()
        again = second.validation.summary().get("already_uploaded", {}).get("count", 0)
        numbers = first.validation.rows_valid  # every one of them was uploaded
        repeats = f" and {again - numbers} repeats of them" if again > numbers else ""
        say(
            f"  {t['rows_in_file']} rows: {t['rows_valid']} new, {again} already uploaded "
            f"({numbers} numbers{repeats}), {t['rows_sent']} sent."
        )
        client.close()
        with sqlite3.connect(config.db) as db:
            leads, distinct = db.execute(
                "SELECT COUNT(*), COUNT(DISTINCT phone_number) FROM leads WHERE campaign_id = ?",
                (campaign.id,),
            ).fetchone()
    expected = first.validation.rows_valid
    ok = (
        first.totals()["reconciled"]
        and leads == distinct == expected
        and second.totals()["rows_sent"] == 0
    )
    say(
        f"\nThe sandbox holds {leads} leads for {campaign.id} ({distinct} distinct numbers); "
        f"{expected} valid rows were in the file."
    )
    say("✓ every valid lead arrived exactly once" if ok else "✗ the demo did not reconcile")
    if keep:
        say(f"(ledger, sandbox database and errors.xlsx kept in {work})")
    return 0 if ok else 1
