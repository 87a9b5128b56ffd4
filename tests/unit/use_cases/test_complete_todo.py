"""Completing a todo (one that does not repeat; see test_recurring_todos for those)."""

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
from todo_core.domain.todo_events import TodoCompleted
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery
from todo_core.use_cases.fire_due_reminders import FireDueRemindersCommand


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def test_completing_marks_it_done_and_records_when(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="buy milk"))
    outbox = Outbox(store)
    clock.advance(timedelta(hours=1))

    done = await app.complete_todo(of(ALICE, todo.id))

    assert (done.status, done.completed_at, done.version) == (TodoStatus.DONE, clock.now(), 2)
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo.id)) == done
    assert outbox.new() == [
        TodoCompleted(
            occurred_at=clock.now(),
            todo_id=todo.id,
            owner_id=ALICE,
            title="buy milk",
            completed_at=clock.now(),
            series_ended=False,
        )
    ]


async def test_completing_twice_is_harmless(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    first = await app.complete_todo(of(ALICE, todo.id))
    clock.advance(timedelta(hours=1))

    with nothing_changes(store):
        again = await app.complete_todo(of(ALICE, todo.id))
    # Still done at the first completion's moment, not re-completed.
    assert again == first


async def test_a_matching_expected_version_is_accepted(app: Application) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    done = await app.complete_todo(of(ALICE, todo.id, expected_version=1))
    assert done.status is TodoStatus.DONE


async def test_a_stale_expected_version_is_refused(app: Application, store: InMemoryStore) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    await app.complete_todo(of(ALICE, todo.id))
    await app.reopen_todo(of(ALICE, todo.id))

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.complete_todo(of(ALICE, todo.id, expected_version=1))
    row = committed(store, todo.id)
    assert row is not None
    assert row.status is TodoStatus.OPEN


async def test_another_users_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))

    with nothing_changes(store), pytest.raises(NotFound):
        await app.complete_todo(of(BOB, todo.id))


async def test_a_missing_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    with nothing_changes(store), pytest.raises(NotFound):
        await app.complete_todo(of(ALICE, TodoId(UUID(int=404))))


async def test_a_trashed_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    await app.trash_todo(of(ALICE, todo.id))

    with nothing_changes(store), pytest.raises(NotFound):
        await app.complete_todo(of(ALICE, todo.id))


async def test_completing_silences_the_pending_reminders(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="x",
            due=DueDateTime(clock.now() + timedelta(days=1), TimeZoneName("UTC")),
            reminders=(AbsoluteReminder(clock.now() + timedelta(hours=1)),),
        )
    )

    done = await app.complete_todo(of(ALICE, todo.id))
    clock.advance(timedelta(hours=2))

    assert [r.status for r in done.reminders] == [ReminderStatus.CANCELLED]
    assert (await app.fire_due_reminders(FireDueRemindersCommand())).fired == 0
