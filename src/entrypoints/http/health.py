"""Liveness (the process answers) and readiness (it can reach what it needs)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Controller, Response, get
from litestar.di import NamedDependency

__all__ = ["HealthController", "OutboxLagReport", "ReadinessCheck"]

ReadinessCheck = Callable[[], Awaitable[bool]]
# The relay's backlog: rows waiting for publication and the oldest one's age. Reported, never a
# reason to refuse traffic: the API keeps taking writes while the relay or the broker catch up.
OutboxLagReport = Callable[[], Awaitable[dict[str, object]]]


class HealthController(Controller):
    path = "/health"
    tags = ("health",)

    @get("/live", operation_id="live", summary="The process is up", cache=False)
    async def live(self) -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready", operation_id="ready", summary="The service can do its work", cache=False)
    async def ready(
        self,
        database_ready: NamedDependency[ReadinessCheck],
        outbox_lag: NamedDependency[OutboxLagReport],
    ) -> Response[dict[str, object]]:
        database_up = await database_ready()
        body: dict[str, object] = {
            "status": "ready" if database_up else "unavailable",
            "checks": {"database": "up" if database_up else "down"},
        }
        if database_up:
            body["outbox"] = await outbox_lag()
        return Response(body, status_code=200 if database_up else 503)
