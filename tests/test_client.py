"""DialNexaClient against httpx.MockTransport: bodies, errors, retries, secrecy."""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from leadprep import (
    ApiValidationError,
    AuthenticationError,
    BadResponseError,
    ConflictError,
    LeadprepError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    ServerError,
    TransportError,
    UsageError,
)
from leadprep.api import AttemptEvent, DialNexaClient, RetryPolicy, parse_retry_after

KEY = "dnx_test_SUPERSECRET_0123456789"
BASE = "https://api.example.test/v1"

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that answers from a script and keeps every request."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.read())
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        # A fresh response each time, as a real server sends: a stream is read once.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


def client_for(
    recorder: Recorder, *, attempts: int = 4, sleeps: list[float] | None = None
) -> DialNexaClient:
    policy = RetryPolicy(
        attempts=attempts, sleep=(sleeps.append if sleeps is not None else lambda s: None)
    )
    return DialNexaClient(BASE, KEY, transport=httpx.MockTransport(recorder), retry=policy)


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def err(status: int, message: Any = "nope", **extra: Any) -> httpx.Response:
    return httpx.Response(
        status, json={"statusCode": status, "message": message, "error": "X", **extra}
    )


LEAD = {
    "id": "lead_1",
    "phone_number": "+919847152630",
    "status": "pending",
    "campaign_id": "cmp_1",
}


def test_create_campaign_sends_documented_body_and_bearer() -> None:
    rec = Recorder(ok({"id": "cmp_1", "status": "draft", "retry_config": {"max_retries": 2}}, 201))
    campaign = client_for(rec).create_campaign(
        name="Q2",
        agent_id="agt_1",
        from_phone_number="+912234567890",
        scheduled_at="2026-12-01T09:00:00Z",
        max_concurrent_calls=5,
        retry_config={"max_retries": 2, "retry_interval_minutes": 120},
    )
    request = rec.requests[0]
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/campaigns")
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert json.loads(rec.bodies[0]) == {
        "name": "Q2",
        "agent_id": "agt_1",
        "from_phone_number": "+912234567890",
        "scheduled_at": "2026-12-01T09:00:00Z",
        "max_concurrent_calls": 5,
        "retry_config": {"max_retries": 2, "retry_interval_minutes": 120},
    }
    assert (campaign.id, campaign.status, campaign.retry_config) == (
        "cmp_1",
        "draft",
        {"max_retries": 2},
    )


def test_create_campaign_omits_unset_optionals() -> None:
    rec = Recorder(ok({"id": "cmp_1"}, 201))
    client_for(rec).create_campaign(name="Q2", agent_id="agt_1")
    assert json.loads(rec.bodies[0]) == {"name": "Q2", "agent_id": "agt_1"}


def test_add_lead_body_uses_camel_case_names() -> None:
    rec = Recorder(ok(LEAD, 201))
    client_for(rec).add_lead(
        campaign_id="cmp_1", name="Priya", phone_number="9847152630", notes={"product": "home_loan"}
    )
    assert str(rec.requests[0].url) == f"{BASE}/campaigns-leads"
    assert json.loads(rec.bodies[0]) == {
        "name": "Priya",
        "phoneNumber": "9847152630",
        "campaignId": "cmp_1",
        "countryCode": "+91",
        "notes": {"product": "home_loan"},
    }


def test_more_than_15_notes_is_refused_before_sending() -> None:
    rec = Recorder(ok(LEAD, 201))
    with pytest.raises(UsageError, match="at most 15"):
        client_for(rec).add_lead(
            campaign_id="c",
            name="n",
            phone_number="9847152630",
            notes={f"k{i}": "v" for i in range(16)},
        )
    assert rec.requests == []


def test_update_lead_is_patch_with_only_given_fields() -> None:
    rec = Recorder(ok(LEAD))
    client_for(rec).update_lead("lead_1", name="Priya S")
    assert (rec.requests[0].method, str(rec.requests[0].url)) == (
        "PATCH",
        f"{BASE}/campaigns-leads/lead_1",
    )
    assert json.loads(rec.bodies[0]) == {"name": "Priya S"}


def test_ids_cannot_escape_the_path() -> None:
    with pytest.raises(UsageError):
        client_for(Recorder(ok(LEAD))).get_lead("../campaigns")


@pytest.mark.parametrize(
    ("body", "notes", "name"),
    [
        ({**LEAD, "notes": {"a": "1"}}, {"a": "1"}, None),
        ({**LEAD, "metadata": {"customer_name": "Priya"}}, {"customer_name": "Priya"}, None),
        ({**LEAD, "name": "Priya", "notes": None, "metadata": {"b": 2}}, {"b": 2}, "Priya"),
    ],
)
def test_lead_accepts_notes_or_metadata(
    body: dict[str, Any], notes: dict[str, Any], name: str | None
) -> None:
    lead = client_for(Recorder(ok(body))).get_lead("lead_1")
    assert (lead.notes, lead.name, lead.phone_number) == (notes, name, "+919847152630")


def test_upload_sends_multipart_file_and_parses_counts() -> None:
    rec = Recorder(
        ok({"campaign_id": "cmp_1", "leads_created": 2, "leads_skipped": 1, "message": "m"}, 201)
    )
    result = client_for(rec).upload_file(
        "cmp_1", b"phone_number\n+919847152630\n", filename="part-001.csv"
    )
    request = rec.requests[0]
    assert str(request.url) == f"{BASE}/campaigns-leads/upload-file/cmp_1"
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="part-001.csv"' in rec.bodies[0]
    assert b"phone_number\n+919847152630\n" in rec.bodies[0]
    assert (result.leads_created, result.leads_skipped) == (2, 1)


@pytest.mark.parametrize(
    ("response", "error", "words"),
    [
        (err(401, "Unauthorized"), AuthenticationError, "API key"),
        (err(403, "Forbidden"), PermissionDeniedError, "403"),
        (err(404, "Lead not found"), NotFoundError, "Lead not found"),
        (err(409, "locked"), ConflictError, "locked"),
        (
            err(400, ["name should not be empty", "agent_id should not be empty"]),
            ApiValidationError,
            "name should not be empty; agent_id should not be empty",
        ),
        (err(422, "bad"), ApiValidationError, "422"),
        (err(413, "too big"), PayloadTooLargeError, "10 MB"),
        (httpx.Response(500, text="<html>oops</html>"), ServerError, "500"),
        (httpx.Response(418, text="teapot"), LeadprepError, "418"),
    ],
)
def test_errors_map_to_the_exception_tree(
    response: httpx.Response, error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as info:
        client_for(Recorder(response), attempts=1).get_lead("lead_1")
    assert words in str(info.value)


def test_auth_errors_exit_5_an_unknown_id_exits_2_others_exit_4() -> None:
    assert AuthenticationError("x").exit_code == 5
    assert PermissionDeniedError("x").exit_code == 5
    assert NotFoundError("x").exit_code == 2  # the id given is wrong: as upload says it
    assert ConflictError("x").exit_code == 4


def test_conflict_on_update_says_the_lead_was_dialled() -> None:
    with pytest.raises(ConflictError) as info:
        client_for(Recorder(err(409, "Lead is completed"))).update_lead("lead_1", name="x")
    assert "dialled" in str(info.value)
    assert "lead add" in str(info.value)


GROUPED_AS_LIST = {
    "statusCode": 400,
    "message": "2 rows failed",
    "error": "Bad Request",
    "errors": [
        {
            "reason": "Invalid phone number",
            "rows": [
                {
                    "position": 3,
                    "phone_number": "12",
                    "failed_parsing_reason": "Invalid phone number",
                }
            ],
        },
        {
            "reason": "Unsupported prefix",
            "rows": [
                {
                    "position": 5,
                    "phone_number": "+912212345678",
                    "failed_parsing_reason": "Unsupported prefix",
                }
            ],
        },
    ],
}
GROUPED_AS_MAPPING = {
    "statusCode": 400,
    "message": ["Destination validation failed"],
    "error": "Bad Request",
    "data": {
        "Invalid phone number": [{"position": 3, "phone_number": "12"}],
        "Unsupported prefix": [{"position": "5", "phone_number": "+912212345678"}],
    },
}


@pytest.mark.parametrize("body", [GROUPED_AS_LIST, GROUPED_AS_MAPPING], ids=["list", "mapping"])
def test_upload_400_failed_rows_are_parsed_whatever_the_grouping(body: dict[str, Any]) -> None:
    with pytest.raises(ApiValidationError) as info:
        client_for(Recorder(httpx.Response(400, json=body))).upload_file("cmp_1", b"x")
    rows = info.value.failed_rows
    assert [(r.position, r.phone_number, r.reason) for r in rows] == [
        (3, "12", "Invalid phone number"),
        (5, "+912212345678", "Unsupported prefix"),
    ]


def test_200_with_truncated_json_is_an_error_not_a_crash() -> None:
    rec = Recorder(httpx.Response(200, content=b'{"campaign_id": "cmp_1", "leads_cre'))
    with pytest.raises(BadResponseError, match="not JSON"):
        client_for(rec).upload_file("cmp_1", b"x")


def test_200_upload_without_counts_is_an_error() -> None:
    with pytest.raises(BadResponseError, match="leads_created"):
        client_for(Recorder(ok({"campaign_id": "cmp_1"}))).upload_file("cmp_1", b"x")


def test_200_with_a_json_list_is_an_error() -> None:
    with pytest.raises(BadResponseError):
        client_for(Recorder(ok([1, 2]))).get_lead("lead_1")


NOW = 1_900_000_000.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0.5", 0.5),
        ("-3", 0.0),
        (email.utils.formatdate(NOW + 30, usegmt=True), 30.0),
        (email.utils.formatdate(NOW - 600, usegmt=True), 0.0),
        ("soon", None),
        ("", None),
        ("nan", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    parsed = parse_retry_after(header, now=NOW)
    assert parsed == (pytest.approx(seconds, abs=1.0) if seconds is not None else None)


@pytest.mark.parametrize(
    ("retry_after", "expected_wait"),
    [("3", 3.0), ("86400", 120.0), ("garbage", None)],
    ids=["seconds", "huge-is-capped", "garbage-falls-back-to-backoff"],
)
def test_429_waits_as_told_then_succeeds(retry_after: str, expected_wait: float | None) -> None:
    sleeps: list[float] = []
    rec = Recorder(
        httpx.Response(
            429,
            json={"statusCode": 429, "message": "slow down", "error": "x"},
            headers={"Retry-After": retry_after},
        ),
        ok(LEAD),
    )
    client_for(rec, sleeps=sleeps).get_lead("lead_1")
    assert len(rec.requests) == 2
    assert len(sleeps) == 1
    if expected_wait is None:
        assert 0 < sleeps[0] <= RetryPolicy().base_delay
    else:
        assert sleeps[0] == pytest.approx(expected_wait)


def test_429_with_http_date_retry_after() -> None:
    sleeps: list[float] = []
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    rec = Recorder(httpx.Response(429, headers={"Retry-After": when}), ok(LEAD))
    client_for(rec, sleeps=sleeps).get_lead("lead_1")
    assert 15 < sleeps[0] <= 20


def test_429_without_retry_after_uses_ratelimit_reset() -> None:
    sleeps: list[float] = []
    reset = str(int(time.time()) + 10)
    rec = Recorder(httpx.Response(429, headers={"X-RateLimit-Reset": reset}), ok(LEAD))
    client_for(rec, sleeps=sleeps).get_lead("lead_1")
    assert 8 <= sleeps[0] <= 10


def test_exhausted_remaining_quota_pauses_the_next_request() -> None:
    sleeps: list[float] = []
    reset = str(int(time.time()) + 5)
    rec = Recorder(
        ok(
            LEAD,
            headers={
                "X-RateLimit-Limit": "10",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset,
            },
        ),
        ok(LEAD),
    )
    client = client_for(rec, sleeps=sleeps)
    client.get_lead("lead_1")
    assert sleeps == []
    client.get_lead("lead_1")
    assert len(sleeps) == 1
    assert 3 <= sleeps[0] <= 5
    assert client.rate_limit == 10


def test_retries_are_bounded_and_back_off_exponentially() -> None:
    sleeps: list[float] = []
    rec = Recorder(err(503, "busy"))
    with pytest.raises(ServerError):
        client_for(rec, attempts=5, sleeps=sleeps).get_lead("lead_1")
    assert len(rec.requests) == 5
    assert len(sleeps) == 4
    ceilings = [0.5, 1.0, 2.0, 4.0]
    assert all(c / 2 <= s <= c for s, c in zip(sleeps, ceilings, strict=True))


def test_no_wait_policy_decides_the_same_but_never_sleeps() -> None:
    slept: list[float] = []
    policy = RetryPolicy(attempts=3, wait=False, sleep=slept.append)
    rec = Recorder(err(503), err(503), ok(LEAD))
    DialNexaClient(BASE, KEY, transport=httpx.MockTransport(rec), retry=policy).get_lead("lead_1")
    assert len(rec.requests) == 3
    assert slept == []


def test_upload_body_is_rebuilt_identically_on_every_attempt() -> None:
    content = b"phone_number,name\n+919847152630,Priya\n"
    rec = Recorder(
        err(503), httpx.ReadTimeout("slow"), ok({"leads_created": 1, "leads_skipped": 0}, 201)
    )
    client_for(rec).upload_file("cmp_1", content)
    assert len(rec.bodies) == 3
    assert all(content in body for body in rec.bodies)
    assert all(len(body) == len(rec.bodies[0]) for body in rec.bodies)


def test_connection_reset_after_sending_is_in_doubt_not_success_or_failure() -> None:
    events: list[AttemptEvent] = []
    rec = Recorder(httpx.RemoteProtocolError("peer closed connection"))
    with pytest.raises(TransportError) as info:
        client_for(rec, attempts=2).upload_file("cmp_1", b"x", on_attempt=events.append)
    assert info.value.in_doubt is True
    assert [(e.phase, e.in_doubt, e.will_retry) for e in events] == [
        ("before", False, False),
        ("after", True, True),
        ("before", False, False),
        ("after", True, False),
    ]


def test_in_doubt_create_campaign_is_not_retried() -> None:
    rec = Recorder(httpx.ReadTimeout("slow"), ok({"id": "cmp_2"}, 201))
    with pytest.raises(TransportError) as info:
        client_for(rec).create_campaign(name="x", agent_id="a")
    assert info.value.in_doubt
    assert len(rec.requests) == 1  # a retry could create a second campaign


def test_refused_connection_is_not_in_doubt_and_is_retried() -> None:
    rec = Recorder(httpx.ConnectError("refused"), ok({"id": "cmp_2"}, 201))
    assert client_for(rec).create_campaign(name="x", agent_id="a").id == "cmp_2"
    assert len(rec.requests) == 2


@pytest.mark.parametrize("status", [500, 502, 504])
def test_5xx_after_sending_is_in_doubt(status: int) -> None:
    with pytest.raises(ServerError) as info:
        client_for(Recorder(err(status)), attempts=1).upload_file("c", b"x")
    assert info.value.in_doubt


def test_401_is_never_retried() -> None:
    rec = Recorder(err(401, "Unauthorized"))
    with pytest.raises(AuthenticationError):
        client_for(rec).get_lead("lead_1")
    assert len(rec.requests) == 1


def test_missing_api_key_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIALNEXA_API_KEY", raising=False)
    with pytest.raises(UsageError, match="DIALNEXA_API_KEY"):
        DialNexaClient(BASE)


def test_base_url_and_key_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALNEXA_BASE_URL", "https://env.example.test/v2/")
    monkeypatch.setenv("DIALNEXA_API_KEY", KEY)
    rec = Recorder(ok(LEAD))
    DialNexaClient(transport=httpx.MockTransport(rec)).get_lead("lead_1")
    assert str(rec.requests[0].url) == "https://env.example.test/v2/campaigns-leads/lead_1"
    assert rec.requests[0].headers["Authorization"] == f"Bearer {KEY}"


def test_the_key_never_appears_in_logs_reprs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # httpx and httpcore included
    rec = Recorder(err(503), err(401, "Unauthorized"))
    client = client_for(rec)
    with pytest.raises(AuthenticationError) as info:
        client.upload_file("cmp_1", b"phone_number\n")
    error = info.value
    seen = " ".join(
        [caplog.text, repr(client), str(error), repr(error), str(error.body), repr(client.retry)]
    )
    assert "HTTP Request" in caplog.text  # httpx did log, so the check means something
    assert KEY not in seen
    assert "SUPERSECRET" not in seen


def test_the_backoff_cap_can_be_set_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert RetryPolicy().max_delay == 30.0
    monkeypatch.setenv("LEADPREP_RETRY_MAX_DELAY", "1.5")
    policy = RetryPolicy(jitter=0.0)
    assert policy.max_delay == 1.5
    assert [policy.backoff(n) for n in (1, 2, 3, 8)] == [0.5, 1.0, 1.5, 1.5]
    assert policy.backoff(3, retry_after=4.0) == 4.0  # the server's word still counts
    monkeypatch.setenv("LEADPREP_RETRY_MAX_DELAY", "soon")
    with pytest.raises(UsageError, match="LEADPREP_RETRY_MAX_DELAY"):
        RetryPolicy()
