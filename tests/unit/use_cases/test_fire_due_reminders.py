"""The reminder scheduler: each due reminder fires exactly once, as a ReminderDue event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from tests.unit.use_cases.todo_support import Outbox, add_account, build_app, nothing_changes, of
from todo_core import Application
from todo_core.domain.due import DueDateTime
from todo_core.domain.reminder import AbsoluteReminder, RelativeReminder, ReminderStatus
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo_events import ReminderDue, ReminderMissed
from todo_core.errors import ValidationFailed
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery, NextReminderQuery, TodoView
from todo_core.use_cases.fire_due_reminders import FireDueRemindersCommand

DUE_AT = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
FIRE = FireDueRemindersCommand()


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _reminded(app: Application, *leads: timedelta, actor: object = ALICE) -> TodoView:
    return await app.create_todo(
        CreateTodoCommand(
            actor=actor,  # type: ignore[arg-type]
            title="dentist",
            due=DueDateTime(DUE_AT, TimeZoneName("UTC")),
            reminders=tuple(RelativeReminder(lead) for lead in leads),
        )
    )


async def test_a_due_reminder_fires_once_with_no_address_for_an_owner_without_an_account(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await _reminded(app, timedelta(hours=1))
    [reminder] = todo.reminders
    clock.current = DUE_AT - timedelta(minutes=30)
    outbox = Outbox(store)

    assert (await app.fire_due_reminders(FIRE)).fired == 1

    assert outbox.new() == [
        ReminderDue(
            occurred_at=clock.now(),
            todo_id=todo.id,
            owner_id=ALICE,
            reminder_id=reminder.id,
            fire_at=DUE_AT - timedelta(hours=1),
            fired_at=clock.now(),
            title="dentist",
            due="2026-03-30T12:00:00+00:00",
            owner_email=None,
        )
    ]
    now = await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo.id))
    assert [r.status for r in now.reminders] == [ReminderStatus.FIRED]


async def test_the_owners_address_travels_with_the_reminder(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now())
    await _reminded(app, timedelta(hours=1))
    clock.current = DUE_AT
    outbox = Outbox(store)

    await app.fire_due_reminders(FIRE)

    [event] = outbox.new()
    assert isinstance(event, ReminderDue)
    assert event.owner_email == "alice@example.org"


async def test_a_second_run_fires_nothing(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    await _reminded(app, timedelta(hours=2), timedelta(hours=1))
    clock.current = DUE_AT
    assert (await app.fire_due_reminders(FIRE)).fired == 2

    with nothing_changes(store):
        assert (await app.fire_due_reminders(FIRE)).fired == 0


async def test_only_reminders_whose_moment_has_come_fire(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    await _reminded(app, timedelta(hours=2), timedelta(hours=1))
    clock.current = DUE_AT - timedelta(hours=2)

    assert (await app.fire_due_reminders(FIRE)).fired == 1
    clock.advance(timedelta(minutes=59))
    assert (await app.fire_due_reminders(FIRE)).fired == 0
    clock.advance(timedelta(minutes=1))
    assert (await app.fire_due_reminders(FIRE)).fired == 1


async def test_reminders_of_every_owner_fire(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    mine = await _reminded(app, timedelta(hours=1))
    theirs = await _reminded(app, timedelta(hours=1), actor=BOB)
    clock.current = DUE_AT
    outbox = Outbox(store)

    assert (await app.fire_due_reminders(FIRE)).fired == 2
    fired = [(e.owner_id, e.todo_id) for e in outbox.new() if isinstance(e, ReminderDue)]
    assert sorted(fired) == sorted([(ALICE, mine.id), (BOB, theirs.id)])


async def test_a_batch_leaves_the_rest_for_the_next_run(
    app: Application, clock: FixedClock
) -> None:
    for _ in range(3):
        await _reminded(app, timedelta(hours=1))
    clock.current = DUE_AT
    one_at_a_time = FireDueRemindersCommand(batch_size=2)

    assert (await app.fire_due_reminders(one_at_a_time)).fired == 2
    assert (await app.fire_due_reminders(one_at_a_time)).fired == 1
    assert (await app.fire_due_reminders(one_at_a_time)).fired == 0


@pytest.mark.parametrize("fate", ["trashed", "done"])
async def test_trashed_and_done_todos_are_skipped(
    app: Application, store: InMemoryStore, clock: FixedClock, fate: str
) -> None:
    todo = await _reminded(app, timedelta(hours=1))
    if fate == "trashed":
        await app.trash_todo(of(ALICE, todo.id))
    else:
        await app.complete_todo(of(ALICE, todo.id))
    clock.current = DUE_AT

    with nothing_changes(store):
        assert (await app.fire_due_reminders(FIRE)).fired == 0


async def test_an_absolute_reminder_fires_at_its_instant(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    at = clock.now() + timedelta(minutes=10)
    await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="call", reminders=(AbsoluteReminder(at),))
    )
    outbox = Outbox(store)

    clock.current = at
    assert (await app.fire_due_reminders(FIRE)).fired == 1
    [event] = outbox.new()
    assert isinstance(event, ReminderDue)
    assert (event.fire_at, event.due) == (at, None)


async def test_a_reminder_later_than_the_limit_is_marked_missed_and_not_sent(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await _reminded(app, timedelta(hours=3), timedelta(hours=1))
    early, late = todo.reminders
    # Down from 3 hours before the due until 2 hours after: the first reminder is 5 hours
    # late, the second 3 hours; the limit lets the second through.
    clock.current = DUE_AT + timedelta(hours=2)
    outbox = Outbox(store)

    run = await app.fire_due_reminders(FireDueRemindersCommand(max_lateness=timedelta(hours=4)))

    assert (run.todos, run.fired, run.missed) == (1, 1, 1)
    missed, due = outbox.new()
    assert missed == ReminderMissed(
        occurred_at=clock.now(),
        todo_id=todo.id,
        owner_id=ALICE,
        reminder_id=early.id,
        fire_at=early.fire_at,
        missed_at=clock.now(),
        title="dentist",
    )
    assert isinstance(due, ReminderDue)
    assert (due.reminder_id, due.fire_at, due.fired_at) == (late.id, late.fire_at, clock.now())
    now = await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo.id))
    assert [r.status for r in now.reminders] == [ReminderStatus.MISSED, ReminderStatus.FIRED]
    with nothing_changes(store):
        assert (await app.fire_due_reminders(FIRE)).todos == 0


async def test_a_reminder_exactly_at_the_limit_is_still_sent(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    await _reminded(app, timedelta(hours=1))
    clock.current = DUE_AT - timedelta(hours=1) + timedelta(hours=24)

    run = await app.fire_due_reminders(FIRE)

    assert (run.fired, run.missed) == (1, 0)


async def test_a_batch_holds_at_least_one_todo(app: Application) -> None:
    with pytest.raises(ValidationFailed):
        await app.fire_due_reminders(FireDueRemindersCommand(batch_size=0))


async def test_the_next_reminder_is_the_earliest_pending_one_of_any_owner(
    app: Application, clock: FixedClock
) -> None:
    assert await app.next_reminder(NextReminderQuery()) is None
    await _reminded(app, timedelta(hours=1))
    await _reminded(app, timedelta(hours=2), actor=BOB)

    assert await app.next_reminder(NextReminderQuery()) == DUE_AT - timedelta(hours=2)
    clock.current = DUE_AT - timedelta(hours=2)
    await app.fire_due_reminders(FIRE)
    assert await app.next_reminder(NextReminderQuery()) == DUE_AT - timedelta(hours=1)
