"""`TodoView.of` fills its frozen snapshot's attributes directly; it must be the view the
dataclass's own constructor makes, field for field."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from tests.unit.conftest import ALICE
from todo_core.domain import Notes, Title, Todo, TodoId
from todo_core.domain.due import DueDate
from todo_core.domain.ids import LabelId, ListId, ReminderId
from todo_core.domain.priority import Priority
from todo_core.domain.reminder import AbsoluteReminder
from todo_core.use_cases.shared.todo_view import TodoView

NOW = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


def _busy_todo() -> Todo:
    """A todo whose every field holds a value no other field holds."""
    todo = Todo.create(
        todo_id=TodoId(UUID(int=1)),
        owner_id=ALICE,
        title=Title("file the taxes"),
        notes=Notes("the green folder"),
        now=NOW,
        list_id=ListId(UUID(int=2)),
        parent_id=TodoId(UUID(int=3)),
        priority=Priority.HIGH,
        due=DueDate(NOW.date() + timedelta(days=3)),
        labels=(LabelId(UUID(int=5)), LabelId(UUID(int=4))),
        reminders=(AbsoluteReminder(at=NOW + timedelta(days=1)),),
        position=7,
        new_reminder_id=lambda: ReminderId(UUID(int=6)),
    )
    todo.complete(now=NOW + timedelta(hours=1))
    todo.trash(NOW + timedelta(hours=2))
    return todo


def test_a_view_is_the_one_the_constructor_makes() -> None:
    todo = _busy_todo()
    view = TodoView.of(todo)
    expected = TodoView(
        id=todo.id,
        owner_id=todo.owner_id,
        list_id=todo.list_id,
        parent_id=todo.parent_id,
        title=todo.title.value,
        notes=todo.notes.value,
        status=todo.status,
        priority=todo.priority,
        due=todo.due,
        labels=(LabelId(UUID(int=4)), LabelId(UUID(int=5))),
        reminders=todo.reminders,
        recurrence=todo.recurrence,
        position=todo.position,
        version=todo.version,
        completed_at=todo.completed_at,
        created_at=todo.created_at,
        updated_at=todo.updated_at,
        deleted_at=todo.deleted_at,
    )
    assert dataclasses.astuple(view) == dataclasses.astuple(expected)
    assert view == expected
    assert hash(view) == hash(expected)


def test_a_view_stays_frozen() -> None:
    view = TodoView.of(_busy_todo())
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.title = "changed"  # type: ignore[misc]
