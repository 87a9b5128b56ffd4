"""The embedded default end to end: `todo serve` on SQLite, without Kafka. A reminder set one
second ahead through the API fires on its own: the scheduler in the process marks it and writes
`todo.todo.reminder_due.v1`, which the relay delivers to this process's handlers once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from dependency_injector import providers

from entrypoints.container import build_container
from entrypoints.http import create_app
from entrypoints.relay_service import relay_alongside
from entrypoints.scheduler_service import scheduler_alongside
from tests.e2e.todo_api_support import e2e_settings, new_user
from tests.support.http_client import http_client
from todo_core.ports.event_handler import EventHandler, InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork


@dataclass(eq=False)
class _DueReminders(EventHandler):
    seen: list[InboundEvent] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def name(self) -> str:
        return "due-reminders"

    def handles(self, event_type: str) -> bool:
        return event_type == "todo.todo.reminder_due.v1"

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        self.seen.append(event)
        self.arrived.set()


async def test_a_reminder_set_a_second_ahead_through_the_api_fires_once_by_itself(
    migrated_sqlite_url: str,
) -> None:
    settings = e2e_settings(migrated_sqlite_url, relay_poll_interval=0.1)
    container = build_container(settings)
    handler = _DueReminders()
    container.event_handlers.override(providers.Object((handler,)))
    # What `todo serve` runs: Auth and API on one app, the relay and the scheduler beside them.
    app = create_app(container)
    relay_alongside(app, container)
    scheduler_alongside(app, container)

    async with http_client(app) as client:
        # Let the scheduler finish its first pass and go to sleep: the reminder is news to it.
        await asyncio.sleep(0.5)
        at = (datetime.now(UTC) + timedelta(seconds=1)).replace(microsecond=0)
        at += timedelta(seconds=1)
        created = await client.post(
            "/api/v1/todos",
            json={"title": "stretch", "reminders": [{"at": at.isoformat()}]},
            headers=new_user(),
        )
        assert created.status_code == 201, created.text
        # A bound on a hang, not a timing assertion: it arrives a second or two after `at`.
        await asyncio.wait_for(handler.arrived.wait(), timeout=30)
        await asyncio.sleep(1.5)  # long enough for a second delivery, were there one

    [event] = handler.seen
    payload = event.data
    assert payload["todo_id"] == created.json()["id"]
    assert datetime.fromisoformat(payload["fire_at"]) == at
    assert datetime.fromisoformat(payload["fired_at"]) >= at
