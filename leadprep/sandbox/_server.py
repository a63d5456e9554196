"""Serve the sandbox with uvicorn: as ``leadprep sandbox`` or in a background thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

import uvicorn

from ._app import create_app
from ._config import SandboxConfig
from ._faults import DroppedConnection, Faults
from ._store import Store


class _QuietDrops(logging.Filter):
    """An injected dropped connection is a feature, not an error worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnection)


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_ready: Callable[[str, int], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        if self.started and self.servers:
            host, port = self.servers[0].sockets[0].getsockname()[:2]
            self._on_ready(host, port)


def _uvicorn_config(app: Faults, host: str, port: int) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        log_config=None,
        timeout_graceful_shutdown=2,
    )


def serve(config: SandboxConfig, *, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Run until interrupted; print ``ready http://HOST:PORT/v1`` once accepting."""
    app = create_app(config)

    def ready(bound_host: str, bound_port: int) -> None:
        print(f"ready http://{bound_host}:{bound_port}/v1", flush=True)

    try:
        _Server(_uvicorn_config(app, host, port), ready).run()
    finally:
        app.store.close()


class RunningSandbox:
    """A sandbox on a free loopback port in a background thread.

    >>> with RunningSandbox(SandboxConfig(api_key="k")) as sandbox:
    ...     DialNexaClient(sandbox.url, "k").create_campaign(name="x", agent_id="a")
    """

    def __init__(self, config: SandboxConfig, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.config = config
        self.app = create_app(config)
        self.store: Store = self.app.store
        self._ready = threading.Event()
        self.url = ""
        self._server = _Server(_uvicorn_config(self.app, host, port), self._mark_ready)
        self._thread = threading.Thread(target=self._server.run, name="sandbox", daemon=True)

    def _mark_ready(self, host: str, port: int) -> None:
        self.url = f"http://{host}:{port}/v1"
        self._ready.set()

    def __enter__(self) -> RunningSandbox:
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("the sandbox did not start within 15 s")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self.store.close()
