"""DialNexa's contract, pinned at each boundary: a drifting limit or default fails here.

Expected values are literals taken from DialNexa's reference ("Max size: 10 MB",
"max 15 custom columns", "up to 15 key-value pairs", countryCode default "+91"),
never read back from leadprep.dialnexa.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pyarrow as pa
import pytest

import leadprep
from leadprep import PayloadTooLargeError, UsageError
from leadprep.api import DialNexaClient, RetryPolicy
from leadprep.delivery import Chunker
from leadprep.sandbox import RunningSandbox, SandboxConfig

KEY = "dnx_test_contract"
HEADER = b"phone_number,notes\n"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    db = tmp_path_factory.mktemp("contract") / "sandbox.db"
    with RunningSandbox(SandboxConfig(api_key=KEY, db=str(db))) as running:
        yield running


@pytest.fixture
def client(sandbox: RunningSandbox) -> Iterator[DialNexaClient]:
    with DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait(2)) as c:
        yield c


def file_of(size: int) -> bytes:
    """A CSV of exactly ``size`` bytes: one real lead, then rows with a blank phone."""
    first = b"9847152630,first\n"
    filler = b"," + b"x" * 998 + b"\n"  # 1,000 bytes, skipped for its blank phone
    body = HEADER + first
    rows, rest = divmod(size - len(body), len(filler))
    body += filler * rows
    if rest:
        body += b"," + b"y" * (rest - 2) + b"\n"
    assert len(body) == size
    return body


# -- 10 MB per file, read as 10,000,000 bytes ------------------------------------------


def test_a_part_of_exactly_10_000_000_bytes_is_one_part_and_one_byte_more_is_two() -> None:
    def parts(total: int) -> list[int]:
        second = total - len(HEADER) - len(b"+919800000000,a\n") - len(b"+919800000001,\n")
        notes = ["a", "b" * second]
        frame = pa.table({"phone_number": ["+919800000000", "+919800000001"], "notes": notes})
        chunker = Chunker(["phone_number", "notes"])  # the defaults: DialNexa's cap
        rows = np.array([2, 3], dtype=np.int64)
        return [c.size for c in [*chunker.add(frame, rows), *chunker.finish()]]

    assert parts(10_000_000) == [10_000_000]
    assert len(parts(10_000_001)) == 2


def test_the_sandbox_takes_a_10_000_000_byte_file(client: DialNexaClient) -> None:
    campaign = client.create_campaign(name="at the cap", agent_id="agt_1")
    result = client.upload_file(campaign.id, file_of(10_000_000))
    assert result.leads_created == 1


def test_the_sandbox_refuses_a_10_000_001_byte_file_with_413(client: DialNexaClient) -> None:
    campaign = client.create_campaign(name="one byte over", agent_id="agt_1")
    with pytest.raises(PayloadTooLargeError):
        client.upload_file(campaign.id, file_of(10_000_001))


def test_file_too_large_warns_above_10_000_000_bytes_only(tmp_path: Path) -> None:
    for size, warned in ((10_000_000, False), (10_000_001, True)):
        path = tmp_path / f"{size}.csv"
        path.write_bytes(file_of(size))
        codes = [w.code for w in leadprep.validate(path).warnings]
        assert ("file_too_large" in codes) is warned, size


# -- 15 custom columns ----------------------------------------------------------------


def header_with(custom: int) -> str:
    return ",".join(["phone_number", *(f"var_{i}" for i in range(custom))])


@pytest.mark.parametrize(("custom", "rejected"), [(15, False), (16, True)])
def test_the_validator_takes_15_custom_columns_not_16(
    tmp_path: Path, custom: int, rejected: bool
) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(header_with(custom) + "\n9847152630" + ",x" * custom + "\n")
    report = leadprep.validate(path)
    assert report.rejected is rejected
    assert ("too_many_custom_columns" in report.counts) is rejected


@pytest.mark.parametrize(("custom", "status"), [(15, 201), (16, 400)])
def test_the_sandbox_takes_15_custom_columns_not_16(
    sandbox: RunningSandbox, custom: int, status: int
) -> None:
    content = (header_with(custom) + "\n9847152631" + ",x" * custom + "\n").encode()
    with httpx.Client(base_url=sandbox.url + "/", headers={"Authorization": f"Bearer {KEY}"}) as h:
        campaign = h.post("campaigns", json={"name": "cols", "agent_id": "agt_1"}).json()["id"]
        answer = h.post(
            f"campaigns-leads/upload-file/{campaign}",
            files={"file": ("leads.csv", content, "text/csv")},
        )
    assert answer.status_code == status, answer.text


# -- 15 notes on a single lead ------------------------------------------------------------


def notes(n: int) -> dict[str, str]:
    return {f"k{i}": "v" for i in range(n)}


def test_the_client_sends_15_notes_and_refuses_16_before_sending() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"id": "lead_1", "phone_number": "+919847152630"})

    transport = httpx.MockTransport(answer)
    with DialNexaClient("https://api.example.test/v1", KEY, transport=transport) as c:
        c.add_lead(campaign_id="c", name="n", phone_number="9847152630", notes=notes(15))
        with pytest.raises(UsageError, match="at most 15"):
            c.add_lead(campaign_id="c", name="n", phone_number="9847152630", notes=notes(16))
    assert len(sent) == 1
    body = json.loads(sent[0].content)
    assert len(body["notes"]) == 15
    assert body["countryCode"] == "+91"  # the documented default


@pytest.mark.parametrize(("count", "status"), [(15, 201), (16, 400)])
def test_the_sandbox_takes_15_notes_not_16(
    sandbox: RunningSandbox, count: int, status: int
) -> None:
    with httpx.Client(base_url=sandbox.url + "/", headers={"Authorization": f"Bearer {KEY}"}) as h:
        campaign = h.post("campaigns", json={"name": "notes", "agent_id": "agt_1"}).json()["id"]
        body = {
            "name": "Priya",
            "phoneNumber": f"98765432{count}",
            "campaignId": campaign,
            "notes": notes(count),
        }
        answer = h.post("campaigns-leads", json=body)
    assert answer.status_code == status, answer.text


# -- India by default ------------------------------------------------------------------


def test_numbers_without_a_country_code_are_read_as_indian(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text("phone_number\n9847152630\n")
    out = tmp_path / "clean.csv"
    report = leadprep.validate(path, output=out)
    assert report.default_region == "IN"
    assert out.read_text().splitlines()[1].strip('"') == "+919847152630"
