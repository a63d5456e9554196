"""The single-record commands answer what a person should do next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

from leadprep.sandbox import RunningSandbox, SandboxConfig

KEY = "dnx_test_records"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment a shell would have: a sandbox URL and a key."""
    config = SandboxConfig(api_key=KEY, db=str(tmp_path / "sandbox.db"))
    with RunningSandbox(config) as sandbox:
        yield {"DIALNEXA_BASE_URL": sandbox.url, "DIALNEXA_API_KEY": KEY}


def campaign(api: dict[str, str]) -> str:
    made = run_cli("campaign", "create", "--name", "c", "--agent-id", "agt_1", env=api)
    return made.stdout.split()[1]  # "campaign cmp_… created (…)"


def test_adding_a_number_already_in_the_campaign_names_that_lead_and_exits_1(
    api: dict[str, str],
) -> None:
    cmp = campaign(api)
    args = ["lead", "add", "--campaign", cmp, "--phone", "98471 52630", "--name", "Priya"]
    first = run_cli(*args, env=api)
    lead_id = first.stdout.split()[1]
    again = run_cli(*args, env=api)
    assert again.returncode == 1  # nothing added; not "upload incomplete" (4)
    [sentence] = again.stderr.splitlines()
    assert sentence == (
        f"+919847152630 is already in campaign {cmp} as lead {lead_id}: nothing was added; "
        f"'leadprep lead get {lead_id}' shows it"
    )


def test_updating_one_note_keeps_the_others_unless_told_to_replace_them(
    api: dict[str, str],
) -> None:
    cmp = campaign(api)
    added = run_cli(
        "lead", "add", "--campaign", cmp, "--phone", "9847152631", "--name", "Ravi",
        "--note", "city=Delhi", "--note", "product=home_loan", env=api,
    )  # fmt: skip
    lead_id = added.stdout.split()[1]
    merged = run_cli("lead", "update", lead_id, "--note", "city=Pune", env=api)
    assert merged.returncode == 0, merged.stderr
    assert "city=Pune, product=home_loan" in merged.stdout  # the resulting lead is shown
    assert "city=Pune, product=home_loan" in run_cli("lead", "get", lead_id, env=api).stdout
    replaced = run_cli("lead", "update", lead_id, "--note", "tier=gold", "--replace-notes", env=api)
    assert replaced.stdout.splitlines()[-1].strip() == "tier=gold"


def test_a_single_number_written_as_another_country_writes_is_not_read_as_indian(
    tmp_path: Path,
) -> None:
    config = SandboxConfig(
        api_key=KEY, db=str(tmp_path / "s.db"), telephony={"sip": True, "network_groups": []}
    )
    with RunningSandbox(config) as sandbox:
        api = {"DIALNEXA_BASE_URL": sandbox.url, "DIALNEXA_API_KEY": KEY}
        _added_only_with_its_region(api)


def _added_only_with_its_region(api: dict[str, str]) -> None:
    cmp = campaign(api)
    args = ["lead", "add", "--campaign", cmp, "--phone", "(646) 408-0497", "--name", "Pat"]
    refused = run_cli(*args, env=api)
    assert refused.returncode == 2
    assert "written like a US number" in refused.stderr
    assert "--default-region US" in refused.stderr
    added = run_cli(*args, "--default-region", "US", env=api)
    assert added.returncode == 0, added.stderr
    assert "+16464080497" in added.stdout
    indian = run_cli(
        "lead", "add", "--campaign", cmp, "--phone", "98115 32964", "--name", "A", env=api
    )
    assert indian.returncode == 0, indian.stderr
