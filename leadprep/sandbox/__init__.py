"""A local, DialNexa-compatible API server for demos, tests and dry runs (spec §8)."""

from ._app import MAX_UPLOAD_BYTES, Faults, SandboxConfig, create_app
from ._server import RunningSandbox, serve
from ._store import Store

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Faults",
    "RunningSandbox",
    "SandboxConfig",
    "Store",
    "create_app",
    "serve",
]
