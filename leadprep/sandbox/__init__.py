"""A local, DialNexa-compatible API server for demos, tests and dry runs.

``leadprep sandbox`` serves it with uvicorn; :class:`RunningSandbox` runs one in
a background thread. Handlers (:mod:`._handlers`), faults (:mod:`._faults`),
state in SQLite (:mod:`._store`), the server (:mod:`._server`).
"""

from ._app import create_app
from ._config import SandboxConfig
from ._faults import Faults
from ._server import RunningSandbox, serve
from ._store import Store

__all__ = [
    "Faults",
    "RunningSandbox",
    "SandboxConfig",
    "Store",
    "create_app",
    "serve",
]
