"""The embedded default end to end: `todo serve` without Kafka, on SQLite. A todo created over
HTTP reaches this process's event handler exactly once, through the outbox, the relay, the
in-process publisher and `ProcessEvent` (the handler's effect and its inbox row)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from uuid import UUID

from dependency_injector import providers
from sqlalchemy import select

from adapters.sqlalchemy import SqlAlchemyOutboxRelay, create_engine
from adapters.sqlalchemy.tables import inbox, outbox
from adapters.system import SystemClock
from entrypoints.container import build_container
from entrypoints.http import create_app
from entrypoints.relay_service import relay_alongside
from tests.e2e.todo_api_support import e2e_settings, new_user
from tests.integration.relay.records import wait_until_drained
from tests.support.http_client import http_client
from todo_core.ports.event_handler import EventHandler, InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases.shared.in_process_publisher import InProcessEventPublisher


@dataclass(eq=False)
class _CreatedTodos(EventHandler):
    """Notes the id of every created todo's event it is given; its only write is the inbox
    row `ProcessEvent` adds (a todo written as an effect would raise an event of its own)."""

    seen: list[UUID] = field(default_factory=list)

    @property
    def name(self) -> str:
        return "created-todos"

    def handles(self, event_type: str) -> bool:
        return event_type == "todo.todo.created.v1"

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        self.seen.append(event.id)


async def _published_created_event(url: str, handler: _CreatedTodos) -> tuple[UUID, list[UUID]]:
    """Waits until the outbox is drained; returns the created event's id and the inbox's."""
    engine = create_engine(url)
    try:
        observer = SqlAlchemyOutboxRelay(engine, clock=SystemClock())
        await wait_until_drained(observer.lag, within_s=20)
        async with engine.connect() as connection:
            created = await connection.scalar(
                select(outbox.c.id).where(outbox.c.event_type == "todo.todo.created.v1")
            )
            processed = await connection.scalars(
                select(inbox.c.event_id).where(inbox.c.consumer == handler.name)
            )
            assert created is not None
            return created, list(processed)
    finally:
        await engine.dispose()


async def test_serve_without_kafka_delivers_a_created_todo_to_the_handler_exactly_once(
    migrated_sqlite_url: str,
) -> None:
    settings = e2e_settings(migrated_sqlite_url, relay_poll_interval=0.05)
    assert settings.kafka_bootstrap_servers is None
    container = build_container(settings)
    handler = _CreatedTodos()
    container.event_handlers.override(providers.Object((handler,)))
    assert isinstance(container.event_publisher(), InProcessEventPublisher)
    # What `todo serve` runs: Auth and API on one app, the relay beside them.
    app = create_app(container)
    relay_alongside(app, container)

    async with http_client(app) as client:
        created = await client.post("/api/v1/todos", json={"title": "x"}, headers=new_user())
        assert created.status_code == 201, created.text
        event_id, processed = await _published_created_event(migrated_sqlite_url, handler)
        # A few more relay rounds: nothing is delivered again.
        await asyncio.sleep(0.5)

    assert processed == [event_id]
    assert handler.seen == [event_id]
    await container.engine().dispose()
