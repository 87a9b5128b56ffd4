"""Helpers of the scheduler tests: a container on a test database with a clock the test moves,
reminders made through the core, and what the outbox and the todos say afterwards."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from dependency_injector import providers
from sqlalchemy import func, select

from adapters.sqlalchemy.tables import outbox, todos
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from tests.support.fakes import FixedClock
from todo_core.domain.ids import ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.reminder import AbsoluteReminder
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo

__all__ = [
    "REMINDER_DUE",
    "REMINDER_MISSED",
    "events_of",
    "make_reminders",
    "once_each",
    "pending_reminders",
    "scheduler_container",
]

REMINDER_DUE = "todo.todo.reminder_due.v1"
REMINDER_MISSED = "todo.todo.reminder_missed.v1"


@asynccontextmanager
async def scheduler_container(
    url: str, clock: FixedClock, **settings: Any
) -> AsyncIterator[Container]:
    container = build_container(Settings(database_url=url, **settings))
    container.clock.override(providers.Object(clock))
    try:
        yield container
    finally:
        await container.engine().dispose()


async def make_reminders(container: Container, *moments: datetime, owners: int = 10) -> list[UUID]:
    """One todo per moment, each with one reminder then, spread over `owners` owners, made by
    the aggregate as the use case makes them (in one transaction, to be quick); the ids."""
    ids, now = container.ids(), container.clock().now()
    people = [UserId(uuid4()) for _ in range(owners)]
    made = [
        Todo.create(
            todo_id=TodoId(ids.new_id()),
            owner_id=people[n % owners],
            title=Title(f"reminder {n}"),
            notes=Notes(""),
            now=now,
            reminders=(AbsoluteReminder(moment),),
            new_reminder_id=lambda: ReminderId(ids.new_id()),
        )
        for n, moment in enumerate(moments)
    ]
    async with container.unit_of_work() as uow:
        for todo in made:
            await uow.todos.add(todo)
        await uow.commit()
    return [todo.id for todo in made]


async def events_of(container: Container, event_type: str) -> list[dict[str, Any]]:
    """The payloads of the outbox rows of one type, oldest first."""
    async with container.engine().connect() as connection:
        rows = await connection.execute(
            select(outbox.c.payload).where(outbox.c.event_type == event_type).order_by(outbox.c.id)
        )
        return [row.payload for row in rows]


async def pending_reminders(container: Container) -> int:
    async with container.engine().connect() as connection:
        count = await connection.scalar(
            select(func.count()).where(todos.c.next_reminder_at.is_not(None))
        )
    return int(count or 0)


def once_each(payloads: Sequence[dict[str, Any]]) -> Counter[str]:
    """How many events each reminder got."""
    return Counter(payload["reminder_id"] for payload in payloads)
