"""The sandbox as one ASGI app: routes to the handlers, wrapped in the faults."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ._config import SandboxConfig
from ._faults import Faults
from ._handlers import Api, envelope
from ._store import Store


def create_app(config: SandboxConfig, store: Store | None = None) -> Faults:
    """The sandbox as an ASGI app (``/v1`` prefix), ready for uvicorn or httpx."""
    api = Api(config, store or Store(config.db, dial_after_ms=config.dial_after_ms))

    async def not_found(request: Request, exc: Exception) -> Response:
        return envelope(404, f"Cannot {request.method} {request.url.path}")

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        return envelope(405, f"Cannot {request.method} {request.url.path}")

    app = Starlette(
        routes=[
            Route("/v1/campaigns", api.create_campaign, methods=["POST"]),
            Route("/v1/campaigns-leads", api.add_lead, methods=["POST"]),
            Route(
                "/v1/campaigns-leads/upload-file/{campaign_id}", api.upload_file, methods=["POST"]
            ),
            Route("/v1/campaigns-leads/{lead_id}", api.get_lead, methods=["GET"]),
            Route("/v1/campaigns-leads/{lead_id}", api.update_lead, methods=["PATCH"]),
        ],
        exception_handlers={404: not_found, 405: method_not_allowed},
    )
    return Faults(app, config, api.store)
