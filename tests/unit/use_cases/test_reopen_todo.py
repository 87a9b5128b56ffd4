"""Reopening a done todo; its reminders still ahead fire again, those already past do not."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from tests.unit.use_cases.todo_support import Outbox, build_app, committed, nothing_changes, of
from todo_core import Application, NotFound, PreconditionFailed
from todo_core.domain.due import DueDateTime
from todo_core.domain.ids import TodoId
from todo_core.domain.reminder import AbsoluteReminder, ReminderStatus
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo import TodoStatus
from todo_core.domain.todo_events import TodoReopened
from todo_core.use_cases import CreateTodoCommand, TodoView
from todo_core.use_cases.fire_due_reminders import FireDueRemindersCommand


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _done(app: Application) -> TodoView:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    return await app.complete_todo(of(ALICE, todo.id))


async def test_reopening_makes_it_open_again(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    done = await _done(app)
    outbox = Outbox(store)
    clock.advance(timedelta(minutes=1))

    reopened = await app.reopen_todo(of(ALICE, done.id))

    assert (reopened.status, reopened.completed_at) == (TodoStatus.OPEN, None)
    assert (reopened.version, reopened.updated_at) == (done.version + 1, clock.now())
    assert outbox.new() == [TodoReopened(occurred_at=clock.now(), todo_id=done.id, owner_id=ALICE)]


async def test_reopening_an_open_todo_changes_nothing(
    app: Application, store: InMemoryStore
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))

    with nothing_changes(store):
        assert await app.reopen_todo(of(ALICE, todo.id)) == todo


async def test_a_stale_expected_version_is_refused(app: Application, store: InMemoryStore) -> None:
    done = await _done(app)

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.reopen_todo(of(ALICE, done.id, expected_version=1))
    row = committed(store, done.id)
    assert row is not None
    assert row.status is TodoStatus.DONE


async def test_a_matching_expected_version_is_accepted(app: Application) -> None:
    done = await _done(app)
    reopened = await app.reopen_todo(of(ALICE, done.id, expected_version=done.version))
    assert reopened.status is TodoStatus.OPEN


async def test_another_users_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    done = await _done(app)

    with nothing_changes(store), pytest.raises(NotFound):
        await app.reopen_todo(of(BOB, done.id))


async def test_a_missing_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    with nothing_changes(store), pytest.raises(NotFound):
        await app.reopen_todo(of(ALICE, TodoId(UUID(int=404))))


async def test_a_trashed_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    done = await _done(app)
    await app.trash_todo(of(ALICE, done.id))

    with nothing_changes(store), pytest.raises(NotFound):
        await app.reopen_todo(of(ALICE, done.id))


async def test_reminders_still_ahead_fire_again_and_past_ones_stay_quiet(
    app: Application, clock: FixedClock
) -> None:
    soon, later = clock.now() + timedelta(hours=1), clock.now() + timedelta(hours=3)
    todo = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="x",
            due=DueDateTime(clock.now() + timedelta(days=1), TimeZoneName("UTC")),
            reminders=(AbsoluteReminder(soon), AbsoluteReminder(later)),
        )
    )
    await app.complete_todo(of(ALICE, todo.id))
    clock.advance(timedelta(hours=2))

    reopened = await app.reopen_todo(of(ALICE, todo.id))

    assert [r.status for r in reopened.reminders] == [
        ReminderStatus.CANCELLED,
        ReminderStatus.PENDING,
    ]
    clock.advance(timedelta(hours=2))
    assert (await app.fire_due_reminders(FireDueRemindersCommand())).fired == 1
