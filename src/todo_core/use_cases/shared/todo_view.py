"""The read model a use case hands back: a frozen snapshot, never the live aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.due import Due
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.priority import Priority
from todo_core.domain.recurrence import Recurrence
from todo_core.domain.reminder import Reminder
from todo_core.domain.todo import Todo, TodoStatus

__all__ = ["TodoView"]


# Without slots, so that `of` can fill the instance's dict in one step.
@dataclass(frozen=True, kw_only=True)
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
        # Every todo use case ends here. A frozen dataclass's own __init__ sets its fields
        # through object.__setattr__, one call each; filling the instance's dict at once makes
        # the same object in a third of the time.
        view = object.__new__(cls)
        object.__setattr__(
            view,
            "__dict__",
            {
                "id": todo.id,
                "owner_id": todo.owner_id,
                "list_id": todo.list_id,
                "parent_id": todo.parent_id,
                "title": todo.title.value,
                "notes": todo.notes.value,
                "status": todo.status,
                "priority": todo.priority,
                "due": todo.due,
                "labels": tuple(sorted(todo.labels)) if todo.labels else (),
                "reminders": todo.reminders,
                "recurrence": todo.recurrence,
                "position": todo.position,
                "version": todo.version,
                "completed_at": todo.completed_at,
                "created_at": todo.created_at,
                "updated_at": todo.updated_at,
                "deleted_at": todo.deleted_at,
            },
        )
        return view
