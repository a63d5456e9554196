"""Faults on demand, as ASGI middleware around the sandbox's handlers.

In this order: latency, Bearer auth (401/403), rate limit (429 with
``Retry-After`` and ``X-RateLimit-*``), ``fail_rate`` (503 before anything
happens), then the handler, then ``fail_after_commit_rate`` (the work is
committed, then the client gets a 500 or a dropped connection).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._config import SandboxConfig
from ._handlers import envelope
from ._store import Store

log = logging.getLogger("leadprep.sandbox")


class Faults:
    """ASGI middleware: latency, auth, rate limit and injected failures (see module doc)."""

    def __init__(self, app: ASGIApp, config: SandboxConfig, store: Store) -> None:
        self.app = app
        self.config = config
        self.store = store
        self._windows: dict[str, tuple[int, int]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cfg = self.config
        if cfg.latency_ms:
            await asyncio.sleep(cfg.latency_ms / 1000)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        auth = headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if key not in (cfg.api_key, cfg.read_only_key) or not key:
            await envelope(401, "Unauthorized")(scope, receive, send)
            return
        if key == cfg.read_only_key and scope["method"] != "GET":
            await envelope(403, "This API key cannot modify campaign data")(scope, receive, send)
            return
        limit_headers = self._rate_headers(key)
        if limit_headers is None:
            reset = self._windows[key][0] + 1
            wait = max(1, math.ceil(reset - time.time()))
            response = envelope(429, "Too many requests")
            response.headers.update({"Retry-After": str(wait), **self._limit_values(0, reset)})
            await response(scope, receive, send)
            return
        if cfg.fail_rate and cfg.rng.random() < cfg.fail_rate:
            response = envelope(503, "Service temporarily unavailable (injected fault)")
            response.headers.update(limit_headers)
            await response(scope, receive, send)
            return
        mutating = scope["method"] in ("POST", "PATCH")
        if not (mutating and cfg.fail_after_commit_rate):
            await self.app(scope, receive, _with_headers(send, limit_headers))
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)
        status = held[0]["status"] if held else 500
        if 200 <= status < 300 and cfg.rng.random() < cfg.fail_after_commit_rate:
            if cfg.rng.random() < 0.5:
                log.info("fault: committed, answering 500")
                response = envelope(500, "Internal server error (injected after commit)")
                await response(scope, receive, send)
                return
            log.info("fault: committed, dropping the connection")
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"4096")],
                }
            )
            raise DroppedConnection
        forward = _with_headers(send, limit_headers)
        for message in held:
            await forward(message)

    def _rate_headers(self, key: str) -> dict[str, str] | None:
        """Count this request; ``None`` when over the limit."""
        limit = self.config.rate_limit
        if not limit:
            return {}
        second = int(time.time())
        window, used = self._windows.get(key, (second, 0))
        if window != second:
            window, used = second, 0
        if used >= limit:
            self._windows[key] = (window, used)
            return None
        self._windows[key] = (window, used + 1)
        return self._limit_values(limit - used - 1, window + 1)

    def _limit_values(self, remaining: int, reset: int) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.config.rate_limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
        }


class DroppedConnection(Exception):
    """Raised after the response started: the server closes the socket mid-answer."""


def _with_headers(send: Send, extra: dict[str, str]) -> Send:
    if not extra:
        return send
    encoded = [(k.lower().encode(), v.encode()) for k, v in extra.items()]

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *encoded]}
        await send(message)

    return wrapped
