"""Digests through the scheduler on SQLite and PostgreSQL: the overdue and due-today todos in
the user's zone, read with the real queries; once per local date, even with two schedulers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from entrypoints.container import Container
from entrypoints.migrate import upgrade
from tests.integration.scheduler.support import events_of, scheduler_container
from tests.support.databases import DATABASE_KINDS
from tests.support.fakes import FixedClock
from todo_core.domain.display_name import DisplayName
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.user import User
from todo_core.use_cases import ChangeProfileCommand, CreateTodoCommand, TodoCommand

DIGEST_DUE = "todo.user.digest_due.v1"
BERLIN = TimeZoneName("Europe/Berlin")
# 05:00 UTC is 07:00 in Berlin (summer time).
MORNING = datetime(2026, 6, 2, 5, 0, tzinfo=UTC)


@pytest.fixture(params=DATABASE_KINDS)
def fresh_url(request: pytest.FixtureRequest, empty_database: Callable[[str], str]) -> str:
    url = empty_database(request.param)
    upgrade(url)
    return url


async def _subscriber(container: Container, clock: FixedClock) -> UserId:
    user = User(
        id=UserId(container.ids().new_id()),
        email=EmailAddress("ann@example.org"),
        display_name=DisplayName("Ann"),
        time_zone=BERLIN,
        password_hash="not-a-real-hash",  # noqa: S106 - never used to log in
        email_verified=True,
        created_at=clock.now(),
        updated_at=clock.now(),
        version=1,
    )
    async with container.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()
    await container.application().change_profile(
        ChangeProfileCommand(actor=user.id, digest_enabled=True, digest_time="07:00")
    )
    return user.id


async def test_a_digest_names_the_overdue_and_due_today_todos_once(fresh_url: str) -> None:
    clock = FixedClock(MORNING - timedelta(days=2))
    async with (
        scheduler_container(fresh_url, clock) as container,
        scheduler_container(fresh_url, clock) as other,
    ):
        ann = await _subscriber(container, clock)
        app = container.application()

        async def todo(title: str, due: DueDate | DueDateTime) -> TodoId:
            made = await app.create_todo(CreateTodoCommand(actor=ann, title=title, due=due))
            return made.id

        overdue = await todo("overdue", DueDate(date(2026, 6, 1)))
        done = await todo("done", DueDate(date(2026, 6, 1)))
        await app.complete_todo(TodoCommand(actor=ann, todo_id=done))
        tonight = await todo("tonight", DueDateTime(MORNING + timedelta(hours=14), BERLIN))
        today = await todo("today", DueDate(date(2026, 6, 2)))
        await todo("tomorrow", DueDate(date(2026, 6, 3)))

        clock.current = MORNING + timedelta(seconds=30)
        runs = await asyncio.gather(container.scheduler().run_due(), other.scheduler().run_due())
        again = await container.scheduler().run_due()

        [digest] = await events_of(container, DIGEST_DUE)
    assert (digest["local_date"], digest["due_at"], digest["time_zone"]) == (
        "2026-06-02",
        MORNING.isoformat(),
        "Europe/Berlin",
    )
    assert [t["todo_id"] for t in digest["overdue"]] == [str(overdue)]
    assert [t["todo_id"] for t in digest["due_today"]] == [str(tonight), str(today)]
    assert [run.summary for pass_ in runs for run in pass_ if run.job == "digests"].count(
        "users=1 sent=1"
    ) == 1
    assert [run.job for run in again] == []
