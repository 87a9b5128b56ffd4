"""Housekeeping on SQLite and PostgreSQL: what it removes, and as important, what it keeps (a
todo trashed 29 days ago, an unpublished outbox row of any age, an idempotency key still in its
window, recent inbox rows)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import insert, select, update

from adapters.sqlalchemy.tables import idempotency_keys, inbox, outbox, todos
from entrypoints.container import Container
from entrypoints.migrate import upgrade
from tests.integration.scheduler.support import scheduler_container
from tests.support.databases import DATABASE_KINDS
from tests.support.fakes import FixedClock
from todo_core.domain.ids import UserId
from todo_core.ports.idempotency_store import IdempotencyKey
from todo_core.use_cases import CreateTodoCommand, TodoCommand

NOW = datetime(2026, 12, 8, 3, 17, tzinfo=UTC)
ANN = UserId(uuid4())


@pytest.fixture(params=DATABASE_KINDS)
def fresh_url(request: pytest.FixtureRequest, empty_database: Callable[[str], str]) -> str:
    url = empty_database(request.param)
    upgrade(url)
    return url


async def _todo_trashed(container: Container, clock: FixedClock, title: str, days: int) -> str:
    clock.current = NOW - timedelta(days=days)
    app = container.application()
    todo = await app.create_todo(CreateTodoCommand(actor=ANN, title=title))
    await app.trash_todo(TodoCommand(actor=ANN, todo_id=todo.id))
    return title


async def _titles(container: Container) -> list[str]:
    async with container.engine().connect() as connection:
        return sorted((await connection.scalars(select(todos.c.title))).all())


async def test_housekeeping_removes_what_is_old_and_keeps_the_rest(fresh_url: str) -> None:
    clock = FixedClock(NOW - timedelta(days=100))
    async with scheduler_container(fresh_url, clock) as container:
        app = container.application()
        await app.create_todo(CreateTodoCommand(actor=ANN, title="live for 100 days"))
        await _todo_trashed(container, clock, "trashed 31 days ago", 31)
        await _todo_trashed(container, clock, "trashed 29 days ago", 29)
        async with container.engine().begin() as connection:
            # Everything so far was published 8 days ago, but the oldest row (100 days old):
            # still owed to consumers, so kept whatever its age.
            oldest = await connection.scalar(select(outbox.c.id).order_by(outbox.c.id).limit(1))
            await connection.execute(
                update(outbox)
                .where(outbox.c.id != oldest)
                .values(published_at=NOW - timedelta(days=8))
            )
            await connection.execute(
                insert(inbox),
                [
                    {"consumer": "mailer", "event_id": uuid4(), "processed_at": NOW - age}
                    for age in (timedelta(days=31), timedelta(days=29), timedelta(hours=1))
                ],
            )
        store = container.idempotency_store()
        clock.current = NOW - timedelta(days=2)
        await store.reserve(ANN, IdempotencyKey("expired"), "a" * 64)
        clock.current = NOW - timedelta(hours=1)
        await store.reserve(ANN, IdempotencyKey("in its window"), "b" * 64)
        clock.current = NOW

        run = await container.scheduler().run_now("housekeeping")

        assert run.summary == "trash=1 outbox=5 inbox=1 idempotency_keys=1 ticks=0"
        assert await _titles(container) == ["live for 100 days", "trashed 29 days ago"]
        async with container.engine().connect() as connection:
            kept_events = (await connection.execute(select(outbox.c.id, outbox.c.event_type))).all()
            kept_inbox = (await connection.scalars(select(inbox.c.processed_at))).all()
            kept_keys = (await connection.scalars(select(idempotency_keys.c.key))).all()
        assert [event_type for _, event_type in kept_events] == [
            "todo.list.created.v1",  # Ann's inbox, unpublished, 100 days old
            "todo.todo.purged.v1",  # written by this purge, not yet published
        ]
        assert kept_events[0][0] == oldest
        assert sorted(kept_inbox) == [NOW - timedelta(days=29), NOW - timedelta(hours=1)]
        assert kept_keys == ["in its window"]

        # A second run finds nothing left to do.
        again = await container.scheduler().run_now("housekeeping")
        assert again.summary == "trash=0 outbox=0 inbox=0 idempotency_keys=0 ticks=0"
