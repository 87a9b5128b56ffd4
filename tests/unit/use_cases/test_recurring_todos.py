"""Recurring todos: completing one finishes the occurrence and moves the due to the next one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE
from tests.unit.use_cases.todo_support import Outbox, build_app, nothing_changes, of
from todo_core import Application, Ports, ValidationFailed
from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.recurrence import RecurrenceMode
from todo_core.domain.reminder import RelativeReminder
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo import TodoStatus
from todo_core.domain.todo_events import TodoCompleted, TodoOccurrenceCompleted
from todo_core.use_cases import CreateTodoCommand, TodoView
from todo_core.use_cases.fire_due_reminders import FireDueRemindersCommand
from todo_core.use_cases.shared.todo_inputs import RecurrenceInput

BERLIN = TimeZoneName("Europe/Berlin")


def berlin(day: date, hour: int = 9, minute: int = 0) -> DueDateTime:
    local = datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(BERLIN.value))
    return DueDateTime(local, BERLIN)


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _recurring(
    app: Application, due: Due, rule: str = "FREQ=DAILY", mode: str = "due"
) -> TodoView:
    return await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="water plants",
            due=due,
            recurrence=RecurrenceInput(rule=rule, mode=mode),
        )
    )


async def test_the_rule_is_stored_in_canonical_form(app: Application) -> None:
    todo = await _recurring(app, berlin(date(2026, 3, 27)), rule=" rrule:freq=weekly;byday=fr,mo ")

    assert todo.recurrence is not None
    assert todo.recurrence.rule == "FREQ=WEEKLY;BYDAY=MO,FR"
    assert todo.recurrence.mode is RecurrenceMode.DUE


async def test_completing_a_daily_todo_keeps_it_open_due_the_next_day_same_local_time(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await _recurring(app, berlin(date(2026, 3, 27)))
    outbox = Outbox(store)

    after = await app.complete_todo(of(ALICE, todo.id))

    assert (after.status, after.completed_at) == (TodoStatus.OPEN, None)
    assert after.due == berlin(date(2026, 3, 28))
    assert after.version == 2
    assert outbox.new() == [
        TodoOccurrenceCompleted(
            occurred_at=clock.now(),
            todo_id=todo.id,
            owner_id=ALICE,
            title="water plants",
            completed_at=clock.now(),
            occurrence_due="2026-03-27T09:00:00+01:00",
            next_due="2026-03-28T09:00:00+01:00",
        )
    ]


async def test_the_local_time_holds_across_the_change_to_summer_time(app: Application) -> None:
    # Berlin moves its clocks forward on 2026-03-29: 09:00 is 08:00 UTC before, 07:00 after.
    todo = await _recurring(app, berlin(date(2026, 3, 28)))

    after = await app.complete_todo(of(ALICE, todo.id))

    assert isinstance(after.due, DueDateTime)
    assert after.due.at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert after.due.at.isoformat() == "2026-03-29T09:00:00+02:00"
    assert after.due.time_zone == BERLIN


async def test_a_local_time_the_clock_change_skips_moves_on_by_the_gap_for_that_day(
    app: Application,
) -> None:
    # 02:30 does not exist in Berlin on 2026-03-29: clocks jump from 02:00 to 03:00.
    todo = await _recurring(app, berlin(date(2026, 3, 28), hour=2, minute=30))

    skipped = await app.complete_todo(of(ALICE, todo.id))
    back = await app.complete_todo(of(ALICE, todo.id))

    assert isinstance(skipped.due, DueDateTime)
    assert isinstance(back.due, DueDateTime)
    assert skipped.due.at.isoformat() == "2026-03-29T03:30:00+02:00"
    assert back.due.at.isoformat() == "2026-03-30T02:30:00+02:00"


async def test_a_whole_day_due_moves_by_whole_days(app: Application) -> None:
    todo = await _recurring(app, DueDate(date(2026, 3, 31)), rule="FREQ=WEEKLY")

    after = await app.complete_todo(of(ALICE, todo.id))

    assert after.due == DueDate(date(2026, 4, 7))


async def test_count_2_completes_for_good_on_the_second_completion(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await _recurring(app, berlin(date(2026, 3, 27)), rule="FREQ=DAILY;COUNT=2")

    first = await app.complete_todo(of(ALICE, todo.id))
    outbox = Outbox(store)
    second = await app.complete_todo(of(ALICE, todo.id))

    assert (first.status, first.due) == (TodoStatus.OPEN, berlin(date(2026, 3, 28)))
    assert (second.status, second.completed_at) == (TodoStatus.DONE, clock.now())
    # The last occurrence keeps its due.
    assert second.due == berlin(date(2026, 3, 28))
    assert outbox.new() == [
        TodoCompleted(
            occurred_at=clock.now(),
            todo_id=todo.id,
            owner_id=ALICE,
            title="water plants",
            completed_at=clock.now(),
            series_ended=True,
        )
    ]


async def test_until_ends_the_series_after_its_day(app: Application) -> None:
    todo = await _recurring(app, berlin(date(2026, 3, 27)), rule="FREQ=DAILY;UNTIL=20260328")

    first = await app.complete_todo(of(ALICE, todo.id))
    second = await app.complete_todo(of(ALICE, todo.id))

    assert first.status is TodoStatus.OPEN
    assert second.status is TodoStatus.DONE


@pytest.mark.parametrize(
    ("mode", "rule", "next_due"),
    [
        # Due Monday 23 March, done on Sunday 29 March (the clock's day in Berlin).
        ("due", "FREQ=DAILY", date(2026, 3, 24)),
        ("completion", "FREQ=DAILY", date(2026, 3, 30)),
        ("due", "FREQ=WEEKLY", date(2026, 3, 30)),
        ("completion", "FREQ=WEEKLY", date(2026, 4, 5)),
    ],
)
async def test_completion_mode_counts_from_the_day_it_was_done(
    app: Application, mode: str, rule: str, next_due: date
) -> None:
    todo = await _recurring(app, berlin(date(2026, 3, 23)), rule=rule, mode=mode)

    after = await app.complete_todo(of(ALICE, todo.id))

    assert after.due == berlin(next_due)


async def test_completion_mode_still_honours_count(app: Application) -> None:
    todo = await _recurring(
        app, berlin(date(2026, 3, 23)), rule="FREQ=DAILY;COUNT=2", mode="completion"
    )

    first = await app.complete_todo(of(ALICE, todo.id))
    second = await app.complete_todo(of(ALICE, todo.id))

    assert first.status is TodoStatus.OPEN
    assert second.status is TodoStatus.DONE


async def test_completion_mode_count_ignores_a_start_the_rule_does_not_match(
    app: Application,
) -> None:
    # 2026-03-24 is a Tuesday: a Mondays-only rule does not count it, so COUNT=2 allows
    # exactly two completions, not three.
    todo = await _recurring(
        app, berlin(date(2026, 3, 24)), rule="FREQ=WEEKLY;BYDAY=MO;COUNT=2", mode="completion"
    )

    first = await app.complete_todo(of(ALICE, todo.id))
    second = await app.complete_todo(of(ALICE, todo.id))

    assert first.status is TodoStatus.OPEN
    assert second.status is TodoStatus.DONE


async def test_a_reminder_before_the_due_comes_back_for_the_next_occurrence(
    app: Application, clock: FixedClock
) -> None:
    first_due = DueDateTime(clock.now() + timedelta(hours=2), TimeZoneName("UTC"))
    todo = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="stand-up",
            due=first_due,
            reminders=(RelativeReminder(timedelta(hours=1)),),
            recurrence=RecurrenceInput(rule="FREQ=DAILY"),
        )
    )
    clock.advance(timedelta(hours=1))
    assert (await app.fire_due_reminders(FireDueRemindersCommand())).fired == 1

    await app.complete_todo(of(ALICE, todo.id))

    clock.advance(timedelta(hours=23))
    assert (await app.fire_due_reminders(FireDueRemindersCommand())).fired == 0
    clock.advance(timedelta(hours=1))
    assert (await app.fire_due_reminders(FireDueRemindersCommand())).fired == 1


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "FREQ=HOURLY",
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;COUNT=2;UNTIL=20260401",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYSETPOS=1",
        "every day",
    ],
)
async def test_an_invalid_rule_is_refused(
    app: Application, store: InMemoryStore, rule: str
) -> None:
    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await _recurring(app, berlin(date(2026, 3, 27)), rule=rule)
    assert error.value.field == "recurrence"


async def test_an_unknown_mode_is_refused(app: Application, store: InMemoryStore) -> None:
    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await _recurring(app, berlin(date(2026, 3, 27)), mode="sometimes")
    assert error.value.field == "recurrence"


async def test_a_recurrence_without_a_due_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(
            CreateTodoCommand(actor=ALICE, title="x", recurrence=RecurrenceInput(rule="FREQ=DAILY"))
        )
    assert error.value.field == "recurrence"


async def test_without_a_recurrence_port_recurring_todos_are_refused(
    store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    plain = Application(Ports(uow=lambda: InMemoryUnitOfWork(store), clock=clock, ids=ids))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await _recurring(plain, berlin(date(2026, 3, 27)))
    assert error.value.field == "recurrence"
