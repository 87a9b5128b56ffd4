"""Liveness (the process answers) and readiness (it can reach what it needs)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec

from entrypoints.http.openapi_docs import documented

__all__ = [
    "HealthController",
    "Liveness",
    "MailSummaryReport",
    "OutboxLagReport",
    "Readiness",
    "ReadinessCheck",
]

ReadinessCheck = Callable[[], Awaitable[bool]]
# The relay's backlog: rows waiting for publication and the oldest one's age. Reported, never a
# reason to refuse traffic: the API keeps taking writes while the relay or the broker catch up.
OutboxLagReport = Callable[[], Awaitable[dict[str, object]]]
# The mailer's jobs by status, and the counts of this process's sender when it runs one.
MailSummaryReport = Callable[[], Awaitable[dict[str, object]]]


class Liveness(msgspec.Struct):
    status: Literal["ok"]


class ReadinessChecks(msgspec.Struct):
    database: Literal["up", "down"]


class OutboxBacklog(msgspec.Struct, omit_defaults=True):
    """Rows waiting for the relay and the oldest one's age; `status: unknown` if unreadable."""

    unpublished: int | None = None
    oldest_age_seconds: float | None = None
    status: Literal["unknown"] | None = None


class MailJobs(msgspec.Struct, omit_defaults=True):
    """E-mail jobs by status; what this process's sender did since it started, when it runs
    one (`todo serve`); `status: unknown` if unreadable."""

    pending: int | None = None
    sent: int | None = None
    failed: int | None = None
    sent_total: int | None = None
    retried_total: int | None = None
    failed_total: int | None = None
    status: Literal["unknown"] | None = None


class Readiness(msgspec.Struct, omit_defaults=True):
    status: Literal["ready", "unavailable"]
    checks: ReadinessChecks
    outbox: OutboxBacklog | None = None
    mail: MailJobs | None = None


class HealthController(Controller):
    path = "/health"
    tags = ("health",)

    @get(
        "/live",
        operation_id="checkLiveness",
        summary="The process is up",
        cache=False,
        operation_class=documented(),
    )
    async def live(self) -> Liveness:
        return Liveness(status="ok")

    @get(
        "/ready",
        operation_id="checkReadiness",
        summary="The service can do its work",
        cache=False,
        responses={
            503: ResponseSpec(
                Readiness, description="Something it needs is down", generate_examples=False
            )
        },
        operation_class=documented(),
    )
    async def ready(
        self,
        database_ready: NamedDependency[ReadinessCheck],
        outbox_lag: NamedDependency[OutboxLagReport],
        mail_summary: NamedDependency[MailSummaryReport],
    ) -> Response[Readiness]:
        database_up = await database_ready()
        body = Readiness(
            status="ready" if database_up else "unavailable",
            checks=ReadinessChecks(database="up" if database_up else "down"),
            outbox=msgspec.convert(await outbox_lag(), OutboxBacklog) if database_up else None,
            mail=msgspec.convert(await mail_summary(), MailJobs) if database_up else None,
        )
        return Response(body, status_code=200 if database_up else 503)
