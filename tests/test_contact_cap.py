"""``--max-contacts N/DAYS`` (spec §12): numbers the ledger shows uploaded N times in the
last DAYS days, to any campaign, are skipped as ``contact_cap_reached`` — against the
sandbox, across campaigns."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

from leadgen import mobile, sandbox_leads

import leadprep
from leadprep.api import DialNexaClient
from leadprep.check.rules import ContactCapReached
from leadprep.sandbox import RunningSandbox


def _leads(path: Path, numbers: range) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "phone_number"])
        w.writerows([f"Lead {i}", mobile(i)] for i in numbers)
    return path


def _e164(numbers: range) -> list[str]:
    return sorted(f"+91{mobile(i)}" for i in numbers)


def test_a_number_uploaded_to_three_campaigns_is_skipped_by_the_fourth(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    ledger = tmp_path / "ledger.db"
    everyone = _leads(tmp_path / "all.csv", range(10))
    a, b, c, d = (client.create_campaign(name=n, agent_id="agt_1").id for n in "abcd")
    # leads 0-2 go to three campaigns, 3-5 to two, 6-9 to one
    leadprep.upload(everyone, a, client=client, ledger=ledger)
    leadprep.upload(_leads(tmp_path / "six.csv", range(6)), b, client=client, ledger=ledger)
    leadprep.upload(_leads(tmp_path / "three.csv", range(3)), c, client=client, ledger=ledger)

    report = leadprep.upload(everyone, d, client=client, ledger=ledger, max_contacts="3/30")
    summary = report.validation.summary()
    assert summary[ContactCapReached.code] == {
        "severity": "skipped",
        "count": 3,
        "rows": [2, 3, 4],
    }
    assert report.exit_code == 0  # skipped, not an error
    assert sorted(sandbox_leads(Path(sandbox.config.db), d)) == _e164(range(3, 10))
    message = next(f.message for f in report.validation.skipped if f.row == 2)
    assert message == (
        f"+91{mobile(0)} was uploaded 3 times in the last 30 days (at most 3: --max-contacts 3/30)"
    )


def test_the_cap_counts_only_the_last_days_and_every_campaign(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    ledger = tmp_path / "ledger.db"
    leads = _leads(tmp_path / "leads.csv", range(4))
    a, b, c = (client.create_campaign(name=n, agent_id="agt_1").id for n in "abc")
    leadprep.upload(leads, a, client=client, ledger=ledger)
    leadprep.upload(leads, b, client=client, ledger=ledger)
    # campaign a's upload was 40 days ago
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat(timespec="milliseconds")
    with sqlite3.connect(ledger) as db:
        db.execute("UPDATE contacts SET at = ? WHERE campaign_id = ?", (old, a))
    within_30 = leadprep.upload(
        leads, c, client=client, ledger=ledger, max_contacts="2/30", dry_run=True
    )
    assert within_30.validation.counts[ContactCapReached.code] == 0  # one upload in 30 days
    within_60 = leadprep.upload(
        leads, c, client=client, ledger=ledger, max_contacts="2/60", dry_run=True
    )
    assert within_60.validation.counts[ContactCapReached.code] == 4


def test_a_ledger_from_before_contacts_were_counted_counts_its_uploads(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    ledger = tmp_path / "ledger.db"
    leads = _leads(tmp_path / "leads.csv", range(3))
    a = client.create_campaign(name="a", agent_id="agt_1").id
    leadprep.upload(leads, a, client=client, ledger=ledger)
    with sqlite3.connect(ledger) as db:  # as an older leadprep left it
        db.execute("DROP TABLE contacts")
    b = client.create_campaign(name="b", agent_id="agt_1").id
    again = leadprep.upload(
        leads, b, client=client, ledger=ledger, max_contacts="1/7", dry_run=True
    )
    assert again.validation.counts[ContactCapReached.code] == 3


def test_without_the_option_nothing_is_capped(
    tmp_path: Path, sandbox: RunningSandbox, client: DialNexaClient
) -> None:
    ledger = tmp_path / "ledger.db"
    leads = _leads(tmp_path / "leads.csv", range(3))
    for name in "abc":
        campaign = client.create_campaign(name=name, agent_id="agt_1").id
        report = leadprep.upload(leads, campaign, client=client, ledger=ledger)
        assert report.totals()["rows_sent"] == 3
