"""The Todo aggregate from creation on: completing, reopening, trashing, restoring, moving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.unit.domain.todo_factory import (
    BERLIN,
    NOW,
    OWNER,
    TODO_ID,
    created,
    daily,
    label,
    list_id,
    only_event,
    zone,
)
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.priority import Priority
from todo_core.domain.reminder import AbsoluteReminder
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo import Todo, TodoStatus
from todo_core.domain.todo_events import (
    TodoCompleted,
    TodoCreated,
    TodoReopened,
    TodoRestored,
    TodoTrashed,
    TodoUpdated,
)
from todo_core.errors import Conflict, ValidationFailed

LATER = NOW + timedelta(hours=1)
EVEN_LATER = NOW + timedelta(days=2)


def _statuses(todo: Todo) -> list[str]:
    return [str(r.status) for r in todo.reminders]


def _with_reminders_at(*offsets: timedelta) -> Todo:
    return created(reminders=[AbsoluteReminder(NOW + offset) for offset in offsets])


# -- creation ---------------------------------------------------------------------------------


def test_a_new_todo_starts_open_unscheduled_and_at_version_one() -> None:
    todo = created()
    assert (todo.status, todo.version, todo.created_at, todo.updated_at) == (
        TodoStatus.OPEN,
        1,
        NOW,
        NOW,
    )
    assert (todo.priority, todo.due, todo.due_deadline, todo.recurrence) == (
        Priority.NONE,
        None,
        None,
        None,
    )
    assert (todo.list_id, todo.parent_id, todo.labels, todo.reminders, todo.position) == (
        None,
        None,
        frozenset(),
        (),
        0,
    )
    assert (todo.completed_at, todo.deleted_at, todo.is_trashed) == (None, None, False)
    assert not todo.is_overdue(NOW + timedelta(days=10_000))


def test_creating_records_one_event_with_the_list_and_the_due_as_text() -> None:
    todo = created(list_id=list_id(1), due=DueDate(date(2026, 3, 20)), keep_events=True)
    assert todo.pull_events() == [
        TodoCreated(
            occurred_at=NOW,
            todo_id=TODO_ID,
            owner_id=OWNER,
            title="water the plants",
            list_id=list_id(1),
            due="2026-03-20",
        )
    ]
    assert todo.pull_events() == []


def test_a_timed_due_travels_as_rfc3339_text_with_its_offset() -> None:
    at = datetime(2026, 3, 20, 15, 0, tzinfo=zone("America/New_York"))
    todo = created(due=DueDateTime(at, TimeZoneName("America/New_York")), keep_events=True)
    event = only_event(todo)
    assert isinstance(event, TodoCreated)
    assert event.due == "2026-03-20T15:00:00-04:00"


def test_a_whole_day_due_becomes_overdue_when_the_day_ends_where_the_owner_lives() -> None:
    todo = created(due=DueDate(date(2026, 3, 20)), owner_zone=BERLIN)
    assert todo.due_deadline == datetime(2026, 3, 20, 23, 0, tzinfo=UTC)
    assert not todo.is_overdue(datetime(2026, 3, 20, 22, 59, 59, tzinfo=UTC))
    assert todo.is_overdue(datetime(2026, 3, 20, 23, 0, tzinfo=UTC))


def test_a_timed_due_becomes_overdue_at_its_instant() -> None:
    at = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
    todo = created(due=DueDateTime(at, BERLIN), owner_zone=TimeZoneName("Pacific/Auckland"))
    assert todo.due_deadline == at
    assert not todo.is_overdue(at - timedelta(microseconds=1))
    assert todo.is_overdue(at)


def test_a_recurring_todo_without_a_due_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="needs a due") as refused:
        created(recurrence=daily())
    assert refused.value.field == "recurrence"


# -- complete / reopen ------------------------------------------------------------------------


def test_completing_marks_done_and_cancels_the_pending_reminders() -> None:
    todo = _with_reminders_at(-timedelta(hours=1), timedelta(hours=2), timedelta(days=3))
    assert _statuses(todo) == ["cancelled", "pending", "pending"]
    assert todo.complete(now=LATER) is True
    assert (todo.status, todo.completed_at, todo.version, todo.updated_at) == (
        TodoStatus.DONE,
        LATER,
        2,
        LATER,
    )
    assert _statuses(todo) == ["cancelled", "cancelled", "cancelled"]
    assert only_event(todo) == TodoCompleted(
        occurred_at=LATER,
        todo_id=TODO_ID,
        owner_id=OWNER,
        title="water the plants",
        completed_at=LATER,
        series_ended=False,
    )


def test_completing_keeps_a_fired_reminder_fired() -> None:
    todo = _with_reminders_at(timedelta(minutes=30))
    todo.fire_reminders(LATER, owner_email=None)
    todo.complete(now=LATER)
    assert _statuses(todo) == ["fired"]


def test_completing_a_done_todo_changes_nothing() -> None:
    todo = created()
    todo.complete(now=LATER)
    todo.pull_events()
    assert todo.complete(now=EVEN_LATER) is False
    assert (todo.completed_at, todo.version, todo.updated_at) == (LATER, 2, LATER)
    assert todo.pull_events() == []


def test_reopening_rearms_only_the_reminders_still_ahead() -> None:
    todo = _with_reminders_at(timedelta(hours=2), timedelta(days=3))
    todo.complete(now=LATER)
    todo.pull_events()
    reopened_at = NOW + timedelta(days=1)
    assert todo.reopen(reopened_at) is True
    assert (todo.status, todo.completed_at, todo.version, todo.updated_at) == (
        TodoStatus.OPEN,
        None,
        3,
        reopened_at,
    )
    # The first reminder's moment passed while the todo was done: it must not fire late.
    assert _statuses(todo) == ["cancelled", "pending"]
    assert only_event(todo) == TodoReopened(
        occurred_at=reopened_at, todo_id=TODO_ID, owner_id=OWNER
    )


def test_reopening_an_open_todo_changes_nothing() -> None:
    todo = created()
    assert todo.reopen(LATER) is False
    assert (todo.version, todo.updated_at) == (1, NOW)
    assert todo.pull_events() == []


def test_a_done_todo_is_never_overdue() -> None:
    todo = created(due=DueDate(date(2026, 3, 10)))
    todo.complete(now=LATER)
    assert not todo.is_overdue(NOW + timedelta(days=30))


# -- trash / restore --------------------------------------------------------------------------


def test_trashing_hides_the_todo_and_cancels_its_pending_reminders() -> None:
    todo = _with_reminders_at(timedelta(hours=2))
    assert todo.trash(LATER) is True
    assert (todo.deleted_at, todo.is_trashed, todo.version, todo.updated_at) == (
        LATER,
        True,
        2,
        LATER,
    )
    assert _statuses(todo) == ["cancelled"]
    assert only_event(todo) == TodoTrashed(occurred_at=LATER, todo_id=TODO_ID, owner_id=OWNER)


def test_trashing_twice_changes_nothing() -> None:
    todo = created()
    todo.trash(LATER)
    todo.pull_events()
    assert todo.trash(EVEN_LATER) is False
    assert (todo.deleted_at, todo.version) == (LATER, 2)
    assert todo.pull_events() == []


def test_restoring_an_open_todo_rearms_the_reminders_still_ahead() -> None:
    todo = _with_reminders_at(timedelta(hours=2), timedelta(days=3))
    todo.trash(LATER)
    todo.pull_events()
    restored_at = NOW + timedelta(days=1)
    assert todo.restore(restored_at) is True
    assert (todo.deleted_at, todo.is_trashed, todo.version) == (None, False, 3)
    assert _statuses(todo) == ["cancelled", "pending"]
    assert only_event(todo) == TodoRestored(
        occurred_at=restored_at, todo_id=TODO_ID, owner_id=OWNER
    )


def test_restoring_a_done_todo_leaves_its_reminders_cancelled_until_reopened() -> None:
    todo = _with_reminders_at(timedelta(days=3))
    todo.complete(now=LATER)
    todo.trash(LATER)
    todo.restore(LATER)
    assert (todo.status, _statuses(todo)) == (TodoStatus.DONE, ["cancelled"])
    todo.reopen(LATER)
    assert _statuses(todo) == ["pending"]


def test_restoring_a_todo_that_is_not_in_the_trash_changes_nothing() -> None:
    todo = created()
    assert todo.restore(LATER) is False
    assert todo.version == 1
    assert todo.pull_events() == []


def test_a_trashed_todo_is_never_overdue() -> None:
    todo = created(due=DueDate(date(2026, 3, 10)))
    todo.trash(LATER)
    assert not todo.is_overdue(NOW + timedelta(days=30))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda t: t.complete(now=LATER), id="complete"),
        pytest.param(lambda t: t.reopen(LATER), id="reopen"),
        pytest.param(lambda t: t.move(list_id=list_id(2), position=1, now=LATER), id="move"),
    ],
)
def test_a_trashed_todo_must_be_restored_before_it_changes(
    change: Callable[[Todo], object],
) -> None:
    todo = created(list_id=list_id(1))
    todo.trash(LATER)
    todo.pull_events()
    with pytest.raises(Conflict, match="restore it first"):
        change(todo)
    assert (todo.status, todo.list_id, todo.version) == (TodoStatus.OPEN, list_id(1), 2)
    assert todo.pull_events() == []


# -- move / remove_label ----------------------------------------------------------------------


def test_moving_to_another_list_records_list_and_position() -> None:
    todo = created(list_id=list_id(1), position=3)
    assert todo.move(list_id=list_id(2), position=0, now=LATER) is True
    assert (todo.list_id, todo.position, todo.version, todo.updated_at) == (
        list_id(2),
        0,
        2,
        LATER,
    )
    assert only_event(todo) == TodoUpdated(
        occurred_at=LATER,
        todo_id=TODO_ID,
        owner_id=OWNER,
        changed=("list", "position"),
        title="water the plants",
        due=None,
    )


def test_reordering_within_a_list_records_only_the_position() -> None:
    todo = created(list_id=list_id(1), position=3)
    assert todo.move(list_id=list_id(1), position=5, now=LATER) is True
    event = only_event(todo)
    assert isinstance(event, TodoUpdated)
    assert (todo.position, event.changed) == (5, ("position",))


def test_moving_to_where_the_todo_already_is_changes_nothing() -> None:
    todo = created(list_id=list_id(1), position=3)
    assert todo.move(list_id=list_id(1), position=3, now=LATER) is False
    assert todo.version == 1
    assert todo.pull_events() == []


def test_removing_a_label_records_the_labels_change() -> None:
    todo = created(labels=[label(1), label(2)])
    assert todo.remove_label(label(1), LATER) is True
    assert (todo.labels, todo.version) == (frozenset({label(2)}), 2)
    event = only_event(todo)
    assert isinstance(event, TodoUpdated)
    assert event.changed == ("labels",)


def test_removing_a_label_the_todo_does_not_carry_changes_nothing() -> None:
    todo = created(labels=[label(1)])
    assert todo.remove_label(label(9), LATER) is False
    assert (todo.labels, todo.version) == (frozenset({label(1)}), 1)
    assert todo.pull_events() == []
