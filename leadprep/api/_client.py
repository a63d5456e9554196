"""``DialNexaClient``: the five documented endpoints, retried, with errors mapped.

>>> client = DialNexaClient(api_key="dnx_test_…")          # or DIALNEXA_API_KEY
>>> campaign = client.create_campaign(name="Q2", agent_id="agt_1")
>>> client.upload_file(campaign.id, csv_bytes, filename="part-001.csv")
UploadResult(campaign_id='cmp_…', leads_created=150, leads_skipped=3, …)

* Transport is injectable (``httpx.MockTransport`` in tests).
* Every request goes through one retry loop (:class:`RetryPolicy`); a multipart
  body is rebuilt from bytes on every attempt.
* ``on_attempt`` lets a caller (the upload ledger) record each attempt durably
  *before* it is sent and *after* its answer.
* The API key lives in a :class:`Secret`; it is sent as a Bearer header and never
  appears in a repr, an exception, a log line or a report.
"""

from __future__ import annotations

import ipaddress
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from .._exceptions import (
    ApiError,
    ApiValidationError,
    AuthenticationError,
    BadResponseError,
    ConflictError,
    FailedRow,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
    UsageError,
)
from .._version import __version__
from ..dialnexa import (
    DEFAULT_BASE_URL,
    DEFAULT_COUNTRY_CODE,
    ENV_API_KEY,
    ENV_BASE_URL,
    FILE_CAP,
    MAX_NOTES,
)
from ._models import Campaign, Lead, UploadResult
from ._retry import IN_DOUBT_STATUSES, NOT_SENT_STATUSES, RetryPolicy, parse_retry_after


class Secret:
    """A string that will not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


class _BearerAuth(httpx.Auth):
    def __init__(self, key: Secret) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = f"Bearer {self._key.reveal()}"
        yield request


@dataclass(frozen=True)
class AttemptEvent:
    """One try of one request, as reported to ``on_attempt``.

    ``phase`` is ``"before"`` (about to send) or ``"after"`` (answered or failed).
    After: ``status_code`` (None if no answer), ``in_doubt`` (the server may have
    acted), ``will_retry``, and ``error`` text.
    """

    attempt: int
    phase: Literal["before", "after"]
    status_code: int | None = None
    in_doubt: bool = False
    will_retry: bool = False
    error: str | None = None
    wait_s: float = 0.0


AttemptHook = Callable[[AttemptEvent], None]


def _message_of(data: Any, fallback: str) -> str:
    if isinstance(data, dict):
        message = data.get("message")
        if isinstance(message, list):
            return "; ".join(str(m) for m in message)
        if message:
            return str(message)
        if data.get("error"):
            return str(data["error"])
    return fallback


def failed_rows_of(data: Any) -> tuple[FailedRow, ...]:
    """Every ``{position, phone_number, failed_parsing_reason}`` anywhere in an error body.

    The docs say failed rows are "grouped by reason" but not in what shape, so
    this walks the JSON: a group may be a ``{reason: [rows]}`` mapping or a
    ``{"reason": …, "rows": [...]}`` object; the group name is kept.
    """
    found: list[FailedRow] = []

    def walk(node: Any, group: str) -> None:
        if isinstance(node, dict):
            if "position" in node or "failed_parsing_reason" in node:
                position = node.get("position")
                phone = node.get("phone_number", node.get("phoneNumber"))
                found.append(
                    FailedRow(
                        position=position if isinstance(position, int) else _to_int(position),
                        phone_number=str(phone) if phone is not None else None,
                        reason=str(
                            node.get("failed_parsing_reason") or node.get("reason") or group
                        ),
                        group=group,
                    )
                )
                return
            reason = node.get("reason")
            label = reason if isinstance(reason, str) else group
            for key, value in node.items():
                if isinstance(value, list | dict):
                    named = isinstance(value, list) and key not in _CONTAINER_KEYS
                    walk(value, str(key) if named else label)
        elif isinstance(node, list):
            for item in node:
                walk(item, group)

    walk(data, "")
    return tuple(found)


_CONTAINER_KEYS = frozenset(
    {"rows", "errors", "failed_rows", "failedRows", "data", "message", "details"}
)


def _to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class DialNexaClient:
    """Synchronous client for DialNexa's campaign and lead endpoints (thread-safe)."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        allow_insecure_http: bool = False,
        deadline: float | None = None,
    ) -> None:
        base = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        key = api_key or os.environ.get(ENV_API_KEY)
        if not key:
            raise UsageError(
                "no DialNexa API key",
                hint=f"set {ENV_API_KEY} or pass --api-key",
            )
        if not base.startswith(("http://", "https://")):
            raise UsageError(f"base URL {base!r} is not http(s)", hint="pass --base-url https://…")
        host = httpx.URL(base).host
        if base.startswith("http://") and not (allow_insecure_http or _is_loopback(host)):
            raise UsageError(
                f"the API key would travel in clear text to {base}",
                hint="use an https:// base URL (plain http only to a loopback address), "
                "or pass --allow-insecure-http",
            )
        self.base_url = base.rstrip("/")
        self._key = Secret(key)
        self.retry = retry or RetryPolicy()
        #: longest one attempt may take from sending to the last byte of the answer
        self.deadline = deadline if deadline is not None else 3 * timeout
        self._http = httpx.Client(
            base_url=self.base_url + "/",
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": f"leadprep/{__version__}", "Accept": "application/json"},
            auth=_BearerAuth(self._key),
        )
        self._limit_lock = threading.Lock()
        self._cancelled = threading.Event()
        self._paused_until = 0.0
        #: the server's X-RateLimit-Limit, once seen (the uploader sizes concurrency by it)
        self.rate_limit: int | None = None

    def __repr__(self) -> str:
        return f"DialNexaClient(base_url={self.base_url!r}, api_key=***)"

    def cancel(self) -> None:
        """Stop retrying: requests under way finish their current attempt, waits end now.

        For a caller that was interrupted and wants its bookkeeping done quickly."""
        self._cancelled.set()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DialNexaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the five endpoints -------------------------------------------------

    def create_campaign(
        self,
        *,
        name: str,
        agent_id: str,
        from_phone_number: str | None = None,
        scheduled_at: str | None = None,
        max_concurrent_calls: int | None = None,
        retry_config: Mapping[str, int] | None = None,
    ) -> Campaign:
        """``POST /campaigns``. Not retried once the request may have reached the server."""
        body: dict[str, Any] = {"name": name, "agent_id": agent_id}
        optional = {
            "from_phone_number": from_phone_number,
            "scheduled_at": scheduled_at,
            "max_concurrent_calls": max_concurrent_calls,
            "retry_config": dict(retry_config) if retry_config else None,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        data = self._json(self._send("POST", "campaigns", json_body=body, retry_in_doubt=False))
        return Campaign.from_api(data)

    def add_lead(
        self,
        *,
        campaign_id: str,
        name: str,
        phone_number: str,
        country_code: str = DEFAULT_COUNTRY_CODE,
        notes: Mapping[str, Any] | None = None,
    ) -> Lead:
        """``POST /campaigns-leads``: one lead, ``phoneNumber`` national + ``countryCode``."""
        body: dict[str, Any] = {
            "name": name,
            "phoneNumber": phone_number,
            "campaignId": campaign_id,
            "countryCode": country_code,
        }
        if notes:
            body["notes"] = _check_notes(notes)
        response = self._send(
            "POST",
            "campaigns-leads",
            json_body=body,
            retry_in_doubt=False,
            conflict_hint="the number is already a lead in this campaign",
        )
        return Lead.from_api(self._json(response))

    def get_lead(self, lead_id: str) -> Lead:
        """``GET /campaigns-leads/{id}``."""
        response = self._send("GET", f"campaigns-leads/{_segment(lead_id)}", retry_in_doubt=True)
        return Lead.from_api(self._json(response))

    def update_lead(
        self,
        lead_id: str,
        *,
        name: str | None = None,
        phone_number: str | None = None,
        country_code: str | None = None,
        notes: Mapping[str, Any] | None = None,
    ) -> Lead:
        """``PATCH /campaigns-leads/{id}``: only while the lead is pending (else 409)."""
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if phone_number is not None:
            body["phoneNumber"] = phone_number
        if country_code is not None:
            body["countryCode"] = country_code
        if notes is not None:
            body["notes"] = _check_notes(notes)
        if not body:
            raise UsageError("nothing to update", hint="pass --name, --phone or --note")
        response = self._send(
            "PATCH",
            f"campaigns-leads/{_segment(lead_id)}",
            json_body=body,
            retry_in_doubt=True,
            conflict_hint="a lead is locked once it has been dialled; leave it as it is and "
            "enrol a corrected copy with 'leadprep lead add'",
        )
        return Lead.from_api(self._json(response))

    def upload_file(
        self,
        campaign_id: str,
        content: bytes,
        *,
        filename: str = "leads.csv",
        content_type: str = "text/csv",
        on_attempt: AttemptHook | None = None,
        retry_in_doubt: bool = True,
    ) -> UploadResult:
        """``POST /campaigns-leads/upload-file/{campaignId}`` with ``content`` as the file.

        Attempts that fail after the body was sent are in doubt; they are retried
        (``retry_in_doubt``) and reported to ``on_attempt`` so the caller can say so.
        """

        def files() -> dict[str, tuple[str, bytes, str]]:
            return {"file": (filename, content, content_type)}

        response = self._send(
            "POST",
            f"campaigns-leads/upload-file/{_segment(campaign_id)}",
            files=files,
            retry_in_doubt=retry_in_doubt,
            on_attempt=on_attempt,
        )
        data = self._json(response)
        if "leads_created" not in data and "leadsCreated" not in data:
            raise BadResponseError(
                "the upload answer has no leads_created count",
                hint="the API may have changed; check the report's raw answer",
                status_code=response.status_code,
                body=self._scrub(response.text[:2000]),
            )
        return UploadResult.from_api(data)

    # -- plumbing -----------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        files: Callable[[], Any] | None = None,
        retry_in_doubt: bool,
        on_attempt: AttemptHook | None = None,
        conflict_hint: str = "it conflicts with the campaign's current state",
    ) -> httpx.Response:
        policy = self.retry
        for attempt in range(1, policy.attempts + 1):
            self._wait_for_rate_window()
            if on_attempt:
                on_attempt(AttemptEvent(attempt=attempt, phase="before"))
            outcome = self._attempt(method, path, json_body, files, conflict_hint)
            if isinstance(outcome, httpx.Response):
                if on_attempt:
                    on_attempt(
                        AttemptEvent(
                            attempt=attempt, phase="after", status_code=outcome.status_code
                        )
                    )
                return outcome
            error, retry_after = outcome
            in_doubt = bool(getattr(error, "in_doubt", False))
            will_retry = (
                _retryable(error, retry_in_doubt)
                and attempt < policy.attempts
                and not self._cancelled.is_set()
            )
            wait = policy.backoff(attempt, retry_after) if will_retry else 0.0
            if on_attempt:
                on_attempt(
                    AttemptEvent(
                        attempt=attempt,
                        phase="after",
                        status_code=error.status_code,
                        in_doubt=in_doubt,
                        will_retry=will_retry,
                        error=str(error),
                        wait_s=wait,
                    )
                )
            if not will_retry:
                raise error
            policy.pause(wait, self._cancelled)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _attempt(
        self,
        method: str,
        path: str,
        json_body: Any,
        files: Callable[[], Any] | None,
        conflict_hint: str,
    ) -> httpx.Response | tuple[ApiError, float | None]:
        """One try: the successful answer, or the error it ends in and how long the
        server asked to wait (429)."""
        try:
            response = self._request(
                method, path, json_body, files() if files is not None else None
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            error: ApiError = TransportError(
                f"cannot reach DialNexa at {self.base_url}: {type(exc).__name__}",
                hint="check the network and --base-url",
                in_doubt=False,
            )
            error.__cause__ = exc
            return error, None
        except _DeadlineExceeded as exc:
            error = TransportError(
                f"DialNexa sent no complete answer within {self.deadline:g} s "
                "(the whole attempt's deadline: 3 × --timeout)",
                hint="the server may have acted on it; rerunning resumes safely",
                in_doubt=True,
            )
            error.__cause__ = exc
            return error, None
        except httpx.TransportError as exc:
            error = TransportError(
                f"the connection failed after the request was sent ({type(exc).__name__})",
                hint="the server may have acted on it; rerunning resumes safely",
                in_doubt=True,
            )
            error.__cause__ = exc
            return error, None
        self._note_rate_headers(response)
        if response.is_success:
            return response
        error = _error_for(response, conflict_hint, self._scrub)
        retry_after = None
        if isinstance(error, RateLimitedError):
            retry_after = error.retry_after
            if retry_after is None:
                retry_after = self._reset_wait(response)
        return error, retry_after

    def _request(self, method: str, path: str, json_body: Any, files: Any) -> httpx.Response:
        """One attempt, as a whole within ``deadline`` seconds.

        httpx's timeouts bound each wait for bytes; a server that trickles a byte
        every few seconds never trips them. The answer is streamed and the clock
        checked between reads, so no attempt outlives its deadline."""
        until = time.monotonic() + self.deadline
        with self._http.stream(method, path, json=json_body, files=files) as response:
            if response.is_stream_consumed:  # the answer came whole (an in-memory transport)
                return response
            body = bytearray()
            for part in response.iter_raw():
                body += part
                if time.monotonic() > until:
                    raise _DeadlineExceeded(
                        f"no complete answer within {self.deadline:g} s", request=response.request
                    )
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=bytes(body),
                request=response.request,
                extensions=response.extensions,
            )

    def _scrub(self, text: str) -> str:
        """``text`` from the server with the API key blanked out, should it echo it."""
        key = self._key.reveal()
        return text.replace(key, "***") if key and key in text else text

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = json.loads(self._scrub(response.text))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadResponseError(
                f"DialNexa answered {response.status_code} with a body that is not JSON",
                hint="retry later; if it persists, report it with --debug output",
                status_code=response.status_code,
                body=self._scrub(response.text[:2000]),
            ) from exc
        if not isinstance(data, dict):
            raise BadResponseError(
                f"DialNexa answered {response.status_code} with JSON that is not an object",
                hint="retry later; if it persists, report it with --debug output",
                status_code=response.status_code,
                body=self._scrub(response.text[:2000]),
            )
        return data

    def _note_rate_headers(self, response: httpx.Response) -> None:
        limit = _to_int(response.headers.get("X-RateLimit-Limit"))
        if limit:
            self.rate_limit = limit
        remaining = _to_int(response.headers.get("X-RateLimit-Remaining"))
        if remaining == 0 and response.status_code != 429:
            wait = self._reset_wait(response)
            if wait:
                with self._limit_lock:
                    self._paused_until = max(self._paused_until, time.monotonic() + wait)

    def _reset_wait(self, response: httpx.Response) -> float | None:
        reset = _to_int(response.headers.get("X-RateLimit-Reset"))
        if reset is None:
            return None
        return min(max(0.0, reset - time.time()), self.retry.max_retry_after)

    def _wait_for_rate_window(self) -> None:
        with self._limit_lock:
            wait = self._paused_until - time.monotonic()
        if wait > 0:
            self.retry.pause(wait, self._cancelled)


def _retryable(error: ApiError, retry_in_doubt: bool) -> bool:
    """Is ``error`` worth another attempt (a request in doubt only if that is allowed)?"""
    if isinstance(error, ServerError) and error.status_code not in (
        NOT_SENT_STATUSES | IN_DOUBT_STATUSES
    ):
        return False
    in_doubt = bool(getattr(error, "in_doubt", False))
    kinds = RateLimitedError | TransportError | ServerError
    return isinstance(error, kinds) and (not in_doubt or retry_in_doubt)


def _segment(value: str) -> str:
    if not value or "/" in value or value in (".", ".."):
        raise UsageError(f"{value!r} is not an id", hint="pass the id DialNexa returned")
    return value


def _check_notes(notes: Mapping[str, Any]) -> dict[str, Any]:
    if len(notes) > MAX_NOTES:
        raise UsageError(
            f"{len(notes)} notes; DialNexa accepts at most {MAX_NOTES}",
            hint="drop the variables the agent prompt does not use",
        )
    return {str(k): v for k, v in notes.items()}


class _DeadlineExceeded(httpx.ReadTimeout):
    """An attempt ran past its overall deadline while the answer was arriving (in doubt)."""


def _is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ``::1``: traffic that never leaves the machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _error_for(
    response: httpx.Response, conflict_hint: str, scrub: Callable[[str], str]
) -> ApiError:
    """Map an error answer to the exception tree (envelope parsed when present).

    Everything taken from the answer goes through ``scrub`` first: a server that
    echoes request headers must not get the API key printed, stored or reported."""
    status = response.status_code
    body = scrub(response.text[:20_000])
    try:
        data: Any = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    message = _message_of(data, response.reason_phrase or f"HTTP {status}")
    common: dict[str, Any] = {"status_code": status, "body": body}
    if status == 401:
        return AuthenticationError(
            f"DialNexa refused the API key (401): {message}",
            hint=f"check {ENV_API_KEY} / --api-key; keys are per workspace",
            **common,
        )
    if status == 403:
        return PermissionDeniedError(
            f"DialNexa refused the request (403): {message}",
            hint="the key lacks this permission, or Telephony Config blocks the destination",
            **common,
        )
    if status == 404:
        return NotFoundError(
            f"not found (404): {message}",
            hint="check the id; it must belong to this key's workspace",
            **common,
        )
    if status == 409:
        return ConflictError(
            f"DialNexa refused the change (409): {message}",
            hint=conflict_hint,
            **common,
        )
    if status in (400, 422):
        rows = failed_rows_of(data)
        return ApiValidationError(
            f"DialNexa refused the request ({status}): {message}",
            hint="fix the rows it names and send again" if rows else "check the values sent",
            failed_rows=rows,
            **common,
        )
    if status == 413:
        return PayloadTooLargeError(
            f"the file is too large for DialNexa (413): {message}",
            hint=f"files must be under {FILE_CAP}; upload splits them with --chunk-rows",
            **common,
        )
    if status == 429:
        return RateLimitedError(
            f"rate limited (429): {message}",
            hint="wait a minute, or lower --concurrency",
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            **common,
        )
    if status >= 500:
        return ServerError(
            f"DialNexa server error ({status}): {message}",
            hint="retry later; rerunning resumes",
            in_doubt=status in IN_DOUBT_STATUSES,
            **common,
        )
    return ApiError(f"unexpected answer {status}: {message}", hint="check the request", **common)
