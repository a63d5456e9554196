"""End to end: ``leadprep sandbox`` as a real process, driven by the client and the CLI.

Every endpoint, every documented failure (401, 403, 404, 409 after dialling,
400 with grouped rows, 413, 429 with Retry-After), a restart that keeps state,
and each answer checked against schemas/dialnexa-openapi.yaml.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from conftest import SAMPLES, run_cli
from sandboxproc import KEY, SandboxProcess
from xlsxkit import build_xlsx, far_cell_xlsx, lying_strings_xlsx

from leadprep import (
    ApiValidationError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from leadprep.api import DialNexaClient, RetryPolicy

pytestmark = pytest.mark.slow

OPENAPI = yaml.safe_load(
    (Path(__file__).parent.parent / "schemas" / "dialnexa-openapi.yaml").read_text()
)


def conforms(path: str, method: str, response: httpx.Response) -> None:
    """Validate ``response`` against the OpenAPI document's schema for it."""
    spec = OPENAPI["paths"][path][method.lower()]["responses"][str(response.status_code)]
    if "$ref" in spec:
        spec = OPENAPI["components"]["responses"][spec["$ref"].rsplit("/", 1)[1]]
    schema = spec["content"]["application/json"]["schema"]
    resolver_doc = {**schema, "components": OPENAPI["components"]}
    jsonschema.Draft202012Validator(resolver_doc).validate(response.json())


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    db = tmp_path_factory.mktemp("sandbox") / "state.db"
    with SandboxProcess(
        db,
        "--dial-after-ms",
        "400",
        "--read-only-key",
        "dnx_ro_key",
        "--telephony-config",
        SAMPLES / "telephony-config.json",
    ) as sb:
        yield sb


@pytest.fixture(scope="module")
def undialled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    """A sandbox that never dials, so leads stay editable however slow the test."""
    with SandboxProcess(tmp_path_factory.mktemp("undialled") / "state.db") as sb:
        yield sb


@pytest.fixture
def client(sandbox: SandboxProcess) -> Iterator[DialNexaClient]:
    with DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait(3)) as c:
        yield c


@pytest.fixture
def raw(sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url + "/", headers={"Authorization": f"Bearer {KEY}"}) as c:
        yield c


def test_every_endpoint_answers_as_documented(raw: httpx.Client) -> None:
    r = raw.post(
        "campaigns",
        json={
            "name": "Q2",
            "agent_id": "agt_1",
            "max_concurrent_calls": 5,
            "retry_config": {"max_retries": 2, "retry_interval_minutes": 120},
        },
    )
    assert r.status_code == 201
    conforms("/campaigns", "post", r)
    campaign = r.json()["id"]
    r = raw.post(
        "campaigns-leads",
        json={
            "name": "Priya",
            "phoneNumber": "9847152630",
            "campaignId": campaign,
            "notes": {"product": "home_loan"},
        },
    )
    assert r.status_code == 201
    conforms("/campaigns-leads", "post", r)
    lead = r.json()
    assert (lead["phone_number"], lead["status"]) == ("+919847152630", "pending")
    r = raw.get(f"campaigns-leads/{lead['id']}")
    conforms("/campaigns-leads/{id}", "get", r)
    r = raw.patch(f"campaigns-leads/{lead['id']}", json={"notes": {"product": "car_loan"}})
    assert r.status_code == 200
    conforms("/campaigns-leads/{id}", "patch", r)
    assert r.json()["notes"] == {"product": "car_loan"}
    files = {
        "file": ("l.csv", b"phone_number,name\n9182736459,A\n+919847152630,B\n,C\n", "text/csv")
    }
    r = raw.post(f"campaigns-leads/upload-file/{campaign}", files=files)
    assert r.status_code == 201
    conforms("/campaigns-leads/upload-file/{campaignId}", "post", r)
    assert (r.json()["leads_created"], r.json()["leads_skipped"]) == (1, 2)


def test_error_answers_use_the_envelope(raw: httpx.Client, sandbox: SandboxProcess) -> None:
    r = raw.post("campaigns", json={"name": ""})
    assert r.status_code == 400
    conforms("/campaigns", "post", r)
    r = raw.get("campaigns-leads/lead_missing")
    assert r.status_code == 404
    conforms("/campaigns-leads/{id}", "get", r)
    r = httpx.get(f"{sandbox.url}/campaigns-leads/x")
    assert r.status_code == 401
    conforms("/campaigns-leads/{id}", "get", r)


def test_client_round_trip(client: DialNexaClient) -> None:
    campaign = client.create_campaign(
        name="Round trip", agent_id="agt_1", from_phone_number="+912234567890"
    )
    lead = client.add_lead(
        campaign_id=campaign.id, name="Rahul", phone_number="9182736450", notes={"city": "Pune"}
    )
    assert client.get_lead(lead.id).notes == {"city": "Pune"}
    assert client.update_lead(lead.id, name="Rahul M").name == "Rahul M"


def test_401_with_a_wrong_key(sandbox: SandboxProcess) -> None:
    with (
        DialNexaClient(sandbox.url, "dnx_wrong", retry=RetryPolicy.no_wait()) as c,
        pytest.raises(AuthenticationError),
    ):
        c.get_lead("x")


def test_403_for_a_key_without_write_permission(sandbox: SandboxProcess) -> None:
    with (
        DialNexaClient(sandbox.url, "dnx_ro_key", retry=RetryPolicy.no_wait()) as c,
        pytest.raises(PermissionDeniedError),
    ):
        c.create_campaign(name="x", agent_id="a")


def test_404_for_unknown_lead_and_campaign(client: DialNexaClient) -> None:
    with pytest.raises(NotFoundError):
        client.get_lead("lead_nope")
    with pytest.raises(NotFoundError):
        client.upload_file("cmp_nope", b"phone_number\n9847152630\n")


def test_409_once_the_lead_has_been_dialled(client: DialNexaClient) -> None:
    campaign = client.create_campaign(name="Dial", agent_id="agt_1")
    lead = client.add_lead(campaign_id=campaign.id, name="Anita", phone_number="9812345670")
    assert client.update_lead(lead.id, name="Anita K").status == "pending"
    time.sleep(0.9)  # --dial-after-ms 400: in_progress at 400 ms, completed at 800 ms
    dialled = client.get_lead(lead.id)
    assert dialled.status == "completed"
    assert dialled.call_log_id
    with pytest.raises(ConflictError, match="dialled"):
        client.update_lead(lead.id, name="too late")


def test_upload_400_groups_failed_rows_by_reason_and_creates_nothing(
    client: DialNexaClient, raw: httpx.Client, sandbox: SandboxProcess
) -> None:
    campaign = client.create_campaign(name="Bad rows", agent_id="agt_1")
    content = (
        b"phone_number,name\n9876501234,ok\n12,short\n+14155552671,us\n+912249371250,landline\n"
    )
    with pytest.raises(ApiValidationError) as info:
        client.upload_file(campaign.id, content)
    rows = {(r.position, r.phone_number, r.reason) for r in info.value.failed_rows}
    assert rows == {
        (3, "12", "Invalid phone number"),
        (4, "+14155552671", "Unsupported destination country"),
        (5, "+912249371250", "Unsupported prefix"),
    }
    r = raw.post(f"campaigns-leads/upload-file/{campaign.id}", files={"file": ("x.csv", content)})
    conforms("/campaigns-leads/upload-file/{campaignId}", "post", r)
    with sqlite3.connect(sandbox.db) as db:
        assert db.execute(
            "SELECT COUNT(*) FROM leads WHERE campaign_id = ?", (campaign.id,)
        ).fetchone() == (0,)


def test_upload_over_10_mib_is_413(client: DialNexaClient) -> None:
    campaign = client.create_campaign(name="Big", agent_id="agt_1")
    content = b"phone_number,notes\n" + b"9847152630," + b"x" * (10 * 1024 * 1024) + b"\n"
    with pytest.raises(PayloadTooLargeError):
        client.upload_file(campaign.id, content)


def test_upload_of_xlsx_and_xls(client: DialNexaClient, tmp_path: Path) -> None:
    campaign = client.create_campaign(name="Excel", agent_id="agt_1")
    book = build_xlsx(tmp_path / "l.xlsx", {"Leads": [["phone_number", "name"], [9847152639, "A"]]})
    xlsx = client.upload_file(campaign.id, book.read_bytes(), filename="l.xlsx")
    assert (xlsx.leads_created, xlsx.leads_skipped) == (1, 0)
    # leads.xls holds one bad number on its row 17: refused with that position
    with pytest.raises(ApiValidationError) as info:
        client.upload_file(campaign.id, (SAMPLES / "leads.xls").read_bytes(), filename="l.xls")
    assert [(r.position, r.phone_number) for r in info.value.failed_rows] == [(17, "12345")]


def hammer(client: DialNexaClient, times: int) -> None:
    """Send ``times`` reads of a missing lead; each must end as a 404."""
    for _ in range(times):
        with pytest.raises(NotFoundError):
            client.get_lead("x")


def test_429_with_retry_after_then_success(tmp_path: Path) -> None:
    with SandboxProcess(tmp_path / "rl.db", "--rate-limit", "2") as sb:
        with httpx.Client(base_url=sb.url + "/", headers={"Authorization": f"Bearer {KEY}"}) as raw:
            answers = [raw.get("campaigns-leads/x") for _ in range(4)]
        limited = [a for a in answers if a.status_code == 429]
        assert limited, [a.status_code for a in answers]
        assert int(limited[0].headers["Retry-After"]) >= 1
        assert limited[0].headers["X-RateLimit-Limit"] == "2"
        assert answers[0].headers["X-RateLimit-Remaining"] == "1"
        conforms("/campaigns-leads/{id}", "get", limited[0])
        sleeps: list[float] = []

        def sleep(seconds: float) -> None:
            sleeps.append(seconds)
            time.sleep(seconds)

        policy = RetryPolicy(attempts=5, sleep=sleep)
        with DialNexaClient(sb.url, KEY, retry=policy) as c:
            hammer(c, 5)
        assert sleeps, "the client never waited for the rate limit"
        with (
            DialNexaClient(sb.url, KEY, retry=RetryPolicy.no_wait(1)) as c,
            pytest.raises(RateLimitedError) as info,
        ):
            hammer(c, 5)
        assert info.value.retry_after is not None
        assert info.value.retry_after >= 1


def test_restart_keeps_campaigns_and_leads(tmp_path: Path) -> None:
    db = tmp_path / "persist.db"
    with SandboxProcess(db) as sb, DialNexaClient(sb.url, KEY) as c:
        campaign = c.create_campaign(name="Persist", agent_id="agt_1")
        lead = c.add_lead(campaign_id=campaign.id, name="P", phone_number="9847152630")
    with SandboxProcess(db) as sb, DialNexaClient(sb.url, KEY) as c:
        assert c.get_lead(lead.id).phone_number == "+919847152630"
        again = c.upload_file(campaign.id, b"phone_number\n+919847152630\n")
        assert (again.leads_created, again.leads_skipped) == (0, 1)


def test_fault_after_commit_is_in_doubt_and_the_work_was_done(tmp_path: Path) -> None:
    db = tmp_path / "faulty.db"
    kinds: set[str] = set()
    with (
        SandboxProcess(db, "--fail-after-commit-rate", "1", "--seed", "3") as sb,
        DialNexaClient(sb.url, KEY, retry=RetryPolicy.no_wait(1)) as c,
    ):
        for i in range(13):
            with pytest.raises((ServerError, TransportError)) as info:
                c.create_campaign(name=f"committed anyway {i}", agent_id="agt_1")
            assert info.value.in_doubt  # type: ignore[attr-defined]
            kinds.add(type(info.value).__name__)
    assert kinds == {"ServerError", "TransportError"}  # both a 500 and a dropped connection
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 13


def test_fail_rate_503_is_retried_by_the_client(tmp_path: Path) -> None:
    with (
        SandboxProcess(tmp_path / "f.db", "--fail-rate", "0.5", "--seed", "1") as sb,
        DialNexaClient(sb.url, KEY, retry=RetryPolicy.no_wait(20)) as c,
    ):
        campaign = c.create_campaign(name="flaky", agent_id="agt_1")
        result = c.upload_file(campaign.id, b"phone_number\n9847152630\n9182736459\n")
    assert result.leads_created == 2


def test_cli_single_record_commands(undialled: SandboxProcess) -> None:
    env = {"DIALNEXA_BASE_URL": undialled.url, "DIALNEXA_API_KEY": KEY}
    made = run_cli(
        "campaign",
        "create",
        "--name",
        "CLI",
        "--agent-id",
        "agt_1",
        "--max-retries",
        "2",
        "--retry-interval-minutes",
        "60",
        "--json",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    campaign: dict[str, Any] = json.loads(made.stdout)
    assert campaign["retry_config"] == {"max_retries": 2, "retry_interval_minutes": 60}
    added = run_cli(
        "lead",
        "add",
        "--campaign",
        campaign["id"],
        "--phone",
        "098471 52630",
        "--name",
        "Priya",
        "--note",
        "product=home_loan",
        "--json",
        env=env,
    )
    assert added.returncode == 0, added.stderr
    lead = json.loads(added.stdout)
    assert lead["phone_number"] == "+919847152630"
    got = run_cli("lead", "get", lead["id"], env=env)
    assert got.returncode == 0
    assert "+919847152630" in got.stdout
    assert "product=home_loan" in got.stdout
    updated = run_cli("lead", "update", lead["id"], "--phone", "+91 91827 36450", env=env)
    assert updated.returncode == 0
    assert "+919182736450" in updated.stdout
    assert KEY not in got.stdout + got.stderr + updated.stdout + updated.stderr


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["lead", "get", "lead_nope"], 2, "not found"),
        (
            ["lead", "add", "--campaign", "c", "--phone", "12", "--name", "x"],
            2,
            "not a valid phone",
        ),
        (
            [
                "lead",
                "add",
                "--campaign",
                "c",
                "--phone",
                "9847152630",
                "--name",
                "x",
                *[a for i in range(16) for a in ("--note", f"k{i}=v")],
            ],
            2,
            "at most 15",
        ),
        (
            [
                "lead",
                "add",
                "--campaign",
                "c",
                "--phone",
                "9847152630",
                "--name",
                "x",
                "--note",
                "oops",
            ],
            2,
            "KEY=VALUE",
        ),
        (
            [
                "campaign",
                "create",
                "--name",
                "x",
                "--agent-id",
                "a",
                "--from-number",
                "02234567890",
            ],
            2,
            "E.164",
        ),
        (
            ["campaign", "create", "--name", "x", "--agent-id", "a", "--scheduled-at", "tomorrow"],
            2,
            "ISO 8601",
        ),
        (["lead", "update", "lead_x"], 2, "nothing to update"),
    ],
)
def test_cli_errors_and_exit_codes(
    sandbox: SandboxProcess, args: list[str], code: int, words: str
) -> None:
    result = run_cli(*args, env={"DIALNEXA_BASE_URL": sandbox.url, "DIALNEXA_API_KEY": KEY})
    assert result.returncode == code, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_wrong_key_exits_5_without_printing_it(sandbox: SandboxProcess) -> None:
    result = run_cli(
        "lead",
        "get",
        "x",
        "--api-key",
        "dnx_wrong_secret_value",
        env={"DIALNEXA_BASE_URL": sandbox.url},
    )
    assert result.returncode == 5
    assert "dnx_wrong_secret_value" not in result.stdout + result.stderr


def test_no_key_anywhere_is_a_usage_error(sandbox: SandboxProcess) -> None:
    result = run_cli("lead", "get", "x", "--base-url", sandbox.url, unset=("DIALNEXA_API_KEY",))
    assert result.returncode == 2
    assert "DIALNEXA_API_KEY" in result.stderr


def test_real_transport_logs_never_hold_the_key(
    sandbox: SandboxProcess, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait()) as c,
        pytest.raises(NotFoundError),
    ):
        c.get_lead("lead_nope")
    assert "send_request_headers" in caplog.text  # httpcore's debug trace ran
    assert KEY not in caplog.text


@pytest.mark.parametrize("kind", ["far cell", "lying string count"])
def test_a_workbook_that_would_abort_a_native_reader_is_read_sparsely_or_refused(
    client: DialNexaClient, sandbox: SandboxProcess, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "leads.xlsx"
    far_cell_xlsx(path) if kind == "far cell" else lying_strings_xlsx(path)
    campaign = client.create_campaign(name="hostile", agent_id="agt_1")
    if kind == "far cell":  # read sparsely: the stray cell is past the header's columns
        done = client.upload_file(campaign.id, path.read_bytes(), filename="leads.xlsx")
        assert (done.leads_created, done.leads_skipped) == (1, 0)
    else:
        with pytest.raises(ApiValidationError):
            client.upload_file(campaign.id, path.read_bytes(), filename="leads.xlsx")
    assert sandbox.proc is not None
    assert sandbox.proc.poll() is None  # still serving
    assert client.upload_file(campaign.id, b"phone_number\n9812345670\n").leads_created == 1


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return (
        int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
        / 1024
    )


def test_a_chunked_upload_is_refused_at_the_cap_while_it_arrives(
    sandbox: SandboxProcess, client: DialNexaClient
) -> None:
    """No Content-Length to check first: the sandbox must count as it reads."""
    assert sandbox.proc is not None
    campaign = client.create_campaign(name="chunked", agent_id="agt_1")
    before = peak_rss_mb(sandbox.proc.pid)
    sent = 0

    def body() -> Iterator[bytes]:  # 100 MB, streamed: Transfer-Encoding: chunked
        nonlocal sent
        for _ in range(100):
            sent += 1
            yield b"9" * (1 << 20)

    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "multipart/form-data; boundary=x"}
    try:
        answer = httpx.post(
            f"{sandbox.url}/campaigns-leads/upload-file/{campaign.id}",
            content=body(),
            headers=headers,
            timeout=60,
        )
        assert answer.status_code == 413
    except httpx.TransportError:
        pass  # the sandbox may also close the connection on the rest of the body
    assert peak_rss_mb(sandbox.proc.pid) - before < 40  # it never held the 100 MB
    assert client.upload_file(campaign.id, b"phone_number\n9847152639\n").leads_created == 1
