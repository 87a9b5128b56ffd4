"""The read model a use case hands back: a frozen snapshot, never the live aggregate."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from todo_core.domain.due import Due
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.priority import Priority
from todo_core.domain.recurrence import Recurrence
from todo_core.domain.reminder import Reminder
from todo_core.domain.todo import Todo, TodoStatus

__all__ = ["TodoView"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoView:
    id: TodoId
    owner_id: UserId
    list_id: ListId | None
    parent_id: TodoId | None
    title: str
    notes: str
    status: TodoStatus
    priority: Priority
    due: Due | None
    labels: tuple[LabelId, ...]
    reminders: tuple[Reminder, ...]
    recurrence: Recurrence | None
    position: int
    version: int
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    @classmethod
    def of(cls, todo: Todo) -> TodoView:
        # Every todo use case ends here. A frozen dataclass's own __init__ sets each field
        # through object.__setattr__ by name; setting the slots through their descriptors
        # makes the same object in half the time.
        view = object.__new__(cls)
        values = (
            todo.id,
            todo.owner_id,
            todo.list_id,
            todo.parent_id,
            todo.title.value,
            todo.notes.value,
            todo.status,
            todo.priority,
            todo.due,
            tuple(sorted(todo.labels)),
            todo.reminders,
            todo.recurrence,
            todo.position,
            todo.version,
            todo.completed_at,
            todo.created_at,
            todo.updated_at,
            todo.deleted_at,
        )
        for slot, value in zip(_SLOTS, values, strict=True):
            slot.__set__(view, value)
        return view


# The slot of each field, in the order the fields are declared (and `of` lists their values).
_SLOTS = tuple(TodoView.__dict__[field.name] for field in fields(TodoView))
