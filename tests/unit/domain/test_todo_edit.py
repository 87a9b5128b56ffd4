"""Editing a todo: partial updates, one version bump and event per real change, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.unit.domain.todo_factory import (
    BERLIN,
    NOW,
    OWNER,
    TODO_ID,
    ReminderIds,
    created,
    daily,
    label,
    only_event,
    reminder_id,
)
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.notes import Notes
from todo_core.domain.priority import Priority
from todo_core.domain.reminder import (
    AbsoluteReminder,
    RelativeReminder,
    Reminder,
    ReminderStatus,
)
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.domain.todo_events import TodoUpdated
from todo_core.errors import Conflict, ValidationFailed

LATER = NOW + timedelta(hours=1)
DUE_AT = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
ONE_HOUR_BEFORE = RelativeReminder(timedelta(hours=1))


def _snapshot(todo: Todo) -> tuple[object, ...]:
    return (
        todo.title,
        todo.notes,
        todo.priority,
        todo.labels,
        todo.due,
        todo.due_deadline,
        todo.recurrence,
        todo.reminders,
        todo.version,
        todo.updated_at,
    )


def test_an_edit_changes_only_the_fields_it_is_given() -> None:
    todo = created(
        notes=Notes("keep"),
        priority=Priority.HIGH,
        labels=[label(1)],
        due=DueDate(date(2026, 3, 20)),
    )
    assert todo.edit(now=LATER, title=Title("water the cactus")) == ("title",)
    assert todo.title == Title("water the cactus")
    assert (todo.notes, todo.priority, todo.labels, todo.due) == (
        Notes("keep"),
        Priority.HIGH,
        frozenset({label(1)}),
        DueDate(date(2026, 3, 20)),
    )


def test_an_edit_bumps_the_version_once_and_lists_the_changed_fields_in_order() -> None:
    todo = created()
    changed = todo.edit(
        now=LATER,
        due=DueDate(date(2026, 3, 20)),
        labels=[label(1)],
        priority=Priority.LOW,
        notes=Notes("twice a week"),
        title=Title("water the cactus"),
    )
    assert changed == ("title", "notes", "priority", "labels", "due")
    assert (todo.version, todo.updated_at) == (2, LATER)
    assert only_event(todo) == TodoUpdated(
        occurred_at=LATER,
        todo_id=TODO_ID,
        owner_id=OWNER,
        changed=changed,
        title="water the cactus",
        due="2026-03-20",
    )


def test_an_edit_that_repeats_the_current_values_changes_nothing() -> None:
    todo = created(
        notes=Notes("n"), priority=Priority.LOW, labels=[label(1)], due=DueDate(date(2026, 3, 20))
    )
    before = _snapshot(todo)
    changed = todo.edit(
        now=LATER,
        title=Title("water the plants"),
        notes=Notes("n"),
        priority=Priority.LOW,
        labels=[label(1)],
        due=DueDate(date(2026, 3, 20)),
        recurrence=None,
        reminders=[],
    )
    assert changed == ()
    assert _snapshot(todo) == before
    assert todo.pull_events() == []


def test_labels_given_as_any_iterable_are_all_kept() -> None:
    todo = created(labels=[label(1)])
    assert todo.edit(now=LATER, labels=(label(n) for n in (2, 3))) == ("labels",)
    assert todo.labels == frozenset({label(2), label(3)})


def test_leaving_the_due_out_keeps_it_and_none_clears_it() -> None:
    todo = created(due=DueDate(date(2026, 3, 20)), owner_zone=BERLIN)
    assert todo.edit(now=LATER, title=Title("x")) == ("title",)
    assert (todo.due, todo.due_deadline) == (
        DueDate(date(2026, 3, 20)),
        datetime(2026, 3, 20, 23, tzinfo=UTC),
    )
    assert todo.edit(now=LATER, due=None) == ("due",)
    assert (todo.due, todo.due_deadline, todo.version) == (None, None, 3)


def test_a_new_due_sets_the_deadline_in_the_owner_zone() -> None:
    todo = created()
    todo.edit(now=LATER, owner_zone=BERLIN, due=DueDate(date(2026, 7, 1)))
    assert todo.due_deadline == datetime(2026, 7, 1, 22, tzinfo=UTC)


def test_clearing_the_due_under_relative_reminders_is_refused_and_changes_nothing() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[ONE_HOUR_BEFORE])
    before = _snapshot(todo)
    with pytest.raises(ValidationFailed, match="reminders relative to the due") as refused:
        todo.edit(now=LATER, title=Title("half an edit"), priority=Priority.HIGH, due=None)
    assert refused.value.field == "reminders"
    assert _snapshot(todo) == before
    assert todo.pull_events() == []


def test_clearing_the_due_together_with_the_relative_reminders_is_allowed() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[ONE_HOUR_BEFORE])
    assert todo.edit(now=LATER, due=None, reminders=[]) == ("due", "reminders")
    assert (todo.due, todo.reminders) == (None, ())


def test_clearing_the_due_of_a_recurring_todo_is_refused_and_changes_nothing() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN), recurrence=daily())
    before = _snapshot(todo)
    with pytest.raises(ValidationFailed, match="needs a due") as refused:
        todo.edit(now=LATER, title=Title("half an edit"), due=None)
    assert refused.value.field == "recurrence"
    assert _snapshot(todo) == before


def test_a_recurrence_without_a_due_is_refused_and_changes_nothing() -> None:
    todo = created()
    before = _snapshot(todo)
    with pytest.raises(ValidationFailed, match="needs a due") as refused:
        todo.edit(now=LATER, notes=Notes("half an edit"), recurrence=daily())
    assert refused.value.field == "recurrence"
    assert _snapshot(todo) == before


def test_a_relative_reminder_on_a_todo_without_due_is_refused_and_changes_nothing() -> None:
    todo = created()
    before = _snapshot(todo)
    with pytest.raises(ValidationFailed, match="needs a due") as refused:
        todo.edit(
            now=LATER,
            title=Title("half"),
            reminders=[ONE_HOUR_BEFORE],
            new_reminder_id=ReminderIds(),
        )
    assert refused.value.field == "reminders"
    assert _snapshot(todo) == before


def test_more_than_ten_reminders_in_an_edit_are_refused_and_change_nothing() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN))
    before = _snapshot(todo)
    eleven = [AbsoluteReminder(DUE_AT - timedelta(minutes=n)) for n in range(11)]
    with pytest.raises(ValidationFailed, match="at most 10 reminders"):
        todo.edit(now=LATER, due=None, reminders=eleven, new_reminder_id=ReminderIds())
    assert _snapshot(todo) == before


def test_a_new_due_moves_relative_reminders_and_rearms_a_fired_one() -> None:
    todo = created(due=DueDateTime(NOW + timedelta(hours=2), BERLIN), reminders=[ONE_HOUR_BEFORE])
    todo.fire_reminders(NOW + timedelta(hours=1), owner_email=None)
    assert todo.edit(now=LATER, due=DueDateTime(DUE_AT, BERLIN)) == ("due",)
    assert todo.reminders == (
        Reminder(
            id=reminder_id(1),
            spec=ONE_HOUR_BEFORE,
            fire_at=DUE_AT - timedelta(hours=1),
            status=ReminderStatus.PENDING,
        ),
    )


def test_a_due_moved_into_the_past_cancels_its_relative_reminders() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[ONE_HOUR_BEFORE])
    todo.edit(now=LATER, due=DueDateTime(NOW, BERLIN))
    (reminder,) = todo.reminders
    assert (reminder.fire_at, reminder.status) == (NOW - timedelta(hours=1), "cancelled")


def test_a_new_due_leaves_reminders_at_a_fixed_time_alone() -> None:
    fixed = AbsoluteReminder(datetime(2026, 3, 19, 18, tzinfo=UTC))
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[fixed])
    before = todo.reminders
    todo.edit(now=LATER, due=DueDateTime(DUE_AT + timedelta(days=7), BERLIN))
    assert todo.reminders == before


def test_resending_the_same_reminders_keeps_them_and_their_state() -> None:
    fixed = AbsoluteReminder(NOW + timedelta(minutes=30))
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[fixed, ONE_HOUR_BEFORE])
    todo.fire_reminders(LATER, owner_email=None)
    before = todo.reminders
    changed = todo.edit(
        now=LATER,
        title=Title("x"),
        reminders=[fixed, ONE_HOUR_BEFORE],
        new_reminder_id=ReminderIds(100),
    )
    assert changed == ("title",)
    # The fired reminder stays fired: re-sending the same list must not repeat a reminder.
    assert todo.reminders == before
    assert [str(r.status) for r in todo.reminders] == ["fired", "pending"]


def test_adding_a_reminder_gives_only_the_new_one_a_new_id() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[ONE_HOUR_BEFORE])
    day_before = RelativeReminder(timedelta(days=1))
    changed = todo.edit(
        now=LATER, reminders=[ONE_HOUR_BEFORE, day_before], new_reminder_id=ReminderIds(100)
    )
    assert changed == ("reminders",)
    assert [(r.id, r.fire_at) for r in todo.reminders] == [
        (reminder_id(1), DUE_AT - timedelta(hours=1)),
        (reminder_id(101), DUE_AT - timedelta(days=1)),
    ]
    assert todo.version == 2


def test_a_new_due_on_a_done_todo_leaves_its_reminders_silent() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[ONE_HOUR_BEFORE])
    todo.complete(now=LATER)
    todo.edit(now=LATER, due=DueDateTime(DUE_AT + timedelta(days=1), BERLIN))
    new_fire_at = DUE_AT + timedelta(days=1, hours=-1)
    assert todo.fire_reminders(new_fire_at, owner_email=None) == []
    todo.reopen(LATER)
    (reminder,) = todo.reminders
    assert (reminder.fire_at, reminder.status) == (new_fire_at, ReminderStatus.PENDING)


def test_a_reminder_added_to_a_done_todo_waits_until_it_is_reopened() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN))
    todo.complete(now=LATER)
    todo.edit(now=LATER, reminders=[ONE_HOUR_BEFORE], new_reminder_id=ReminderIds())
    assert todo.fire_reminders(DUE_AT, owner_email=None) == []


def test_editing_a_trashed_todo_is_a_conflict() -> None:
    todo = created()
    todo.trash(LATER)
    before = _snapshot(todo)
    with pytest.raises(Conflict, match="restore it first"):
        todo.edit(now=LATER, title=Title("too late"))
    assert _snapshot(todo) == before
