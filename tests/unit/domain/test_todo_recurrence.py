"""Recurring todos: completing an occurrence moves the due on and keeps the todo open."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.unit.domain.todo_factory import (
    BERLIN,
    NOW,
    OWNER,
    TODO_ID,
    created,
    daily,
    only_event,
    wall,
)
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.reminder import AbsoluteReminder, RelativeReminder, ReminderStatus
from todo_core.domain.todo import TodoStatus
from todo_core.domain.todo_events import TodoCompleted, TodoOccurrenceCompleted

ONE_HOUR_BEFORE = RelativeReminder(timedelta(hours=1))


@pytest.mark.parametrize(
    ("due_at", "next_wall_time", "next_at", "occurrence_due", "next_due"),
    [
        # Spring forward in Berlin on 29 March 2026: 09:00 moves from UTC+1 to UTC+2.
        (
            datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
            wall(2026, 3, 29, 9),
            datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
            "2026-03-28T08:00:00+00:00",
            "2026-03-29T09:00:00+02:00",
        ),
        # Fall back on 25 October 2026: 09:00 moves from UTC+2 to UTC+1.
        (
            datetime(2026, 10, 24, 9, 0, tzinfo=BERLIN.zone),
            wall(2026, 10, 25, 9),
            datetime(2026, 10, 25, 8, 0, tzinfo=UTC),
            "2026-10-24T09:00:00+02:00",
            "2026-10-25T09:00:00+01:00",
        ),
    ],
)
def test_completing_an_occurrence_moves_the_due_to_the_same_local_time_next_day(
    due_at: datetime,
    next_wall_time: datetime,
    next_at: datetime,
    occurrence_due: str,
    next_due: str,
) -> None:
    todo = created(due=DueDateTime(due_at, BERLIN), recurrence=daily(), owner_zone=BERLIN)
    done_at = due_at + timedelta(minutes=5)
    assert todo.complete(now=done_at, next_occurrence=next_wall_time, owner_zone=BERLIN) is True
    assert (todo.status, todo.completed_at, todo.version) == (TodoStatus.OPEN, None, 2)
    assert todo.due == DueDateTime(next_at, BERLIN)
    assert todo.due_deadline == next_at
    assert todo.recurrence == daily(completed_occurrences=1)
    assert only_event(todo) == TodoOccurrenceCompleted(
        occurred_at=done_at,
        todo_id=TODO_ID,
        owner_id=OWNER,
        title="water the plants",
        completed_at=done_at,
        occurrence_due=occurrence_due,
        next_due=next_due,
    )


def test_completing_an_occurrence_moves_and_rearms_its_relative_reminders() -> None:
    due_at = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    fixed = AbsoluteReminder(due_at - timedelta(minutes=30))
    todo = created(
        due=DueDateTime(due_at, BERLIN),
        recurrence=daily(),
        reminders=[ONE_HOUR_BEFORE, fixed],
    )
    todo.fire_reminders(due_at, owner_email=None)
    todo.complete(now=due_at, next_occurrence=wall(2026, 3, 29, 9), owner_zone=BERLIN)
    assert [(r.fire_at, str(r.status)) for r in todo.reminders] == [
        # 08:00 CEST the next day: the reminder for the next occurrence.
        (datetime(2026, 3, 29, 6, 0, tzinfo=UTC), "pending"),
        # A reminder at a fixed time belongs to no occurrence: it stays fired.
        (due_at - timedelta(minutes=30), "fired"),
    ]


def test_a_whole_day_recurrence_moves_the_date() -> None:
    todo = created(due=DueDate(date(2026, 3, 10)), recurrence=daily(), owner_zone=BERLIN)
    todo.complete(now=NOW, next_occurrence=wall(2026, 3, 17), owner_zone=BERLIN)
    assert (todo.status, todo.due) == (TodoStatus.OPEN, DueDate(date(2026, 3, 17)))
    assert todo.due_deadline == datetime(2026, 3, 17, 23, 0, tzinfo=UTC)
    event = only_event(todo)
    assert isinstance(event, TodoOccurrenceCompleted)
    assert (event.occurrence_due, event.next_due) == ("2026-03-10", "2026-03-17")


def test_each_completed_occurrence_is_counted() -> None:
    todo = created(due=DueDate(date(2026, 3, 10)), recurrence=daily(completed_occurrences=4))
    todo.complete(now=NOW, next_occurrence=wall(2026, 3, 11))
    todo.complete(now=NOW, next_occurrence=wall(2026, 3, 12))
    assert todo.recurrence is not None
    assert (todo.recurrence.completed_occurrences, todo.version) == (6, 3)


def test_when_the_rule_runs_out_the_series_completes_for_good() -> None:
    todo = created(
        due=DueDate(date(2026, 3, 10)),
        recurrence=daily(completed_occurrences=2),
        reminders=[ONE_HOUR_BEFORE],
    )
    assert todo.complete(now=NOW, next_occurrence=None) is True
    assert (todo.status, todo.completed_at, todo.due) == (
        TodoStatus.DONE,
        NOW,
        DueDate(date(2026, 3, 10)),
    )
    assert todo.reminders[0].status is ReminderStatus.CANCELLED
    assert todo.recurrence == daily(completed_occurrences=2)
    assert only_event(todo) == TodoCompleted(
        occurred_at=NOW,
        todo_id=TODO_ID,
        owner_id=OWNER,
        title="water the plants",
        completed_at=NOW,
        series_ended=True,
    )


def test_a_next_occurrence_is_ignored_for_a_todo_that_does_not_recur() -> None:
    todo = created(due=DueDate(date(2026, 3, 10)))
    todo.complete(now=NOW, next_occurrence=wall(2026, 3, 11))
    assert (todo.status, todo.due) == (TodoStatus.DONE, DueDate(date(2026, 3, 10)))
    event = only_event(todo)
    assert isinstance(event, TodoCompleted)
    assert event.series_ended is False


def test_an_occurrence_moved_into_the_repeated_hour_equals_its_own_rfc3339_text() -> None:
    # 02:30 happens twice in Berlin on 25 October 2026; the series takes the first (CEST).
    todo = created(
        due=DueDateTime(datetime(2026, 10, 24, 0, 30, tzinfo=UTC), BERLIN), recurrence=daily()
    )
    todo.complete(now=NOW, next_occurrence=wall(2026, 10, 25, 2, 30), owner_zone=BERLIN)
    event = only_event(todo)
    assert isinstance(event, TodoOccurrenceCompleted)
    assert event.next_due == "2026-10-25T02:30:00+02:00"
    # A client sending the due back as it read it has changed nothing.
    same_due = DueDateTime(datetime.fromisoformat(event.next_due), BERLIN)
    assert todo.due == same_due
    assert todo.edit(now=NOW, due=same_due) == ()
    assert todo.version == 2
