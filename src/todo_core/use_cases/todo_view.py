"""The read model a use case hands back: a frozen snapshot, never the live aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.todo import Todo, TodoStatus

__all__ = ["TodoView"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoView:
    id: TodoId
    owner_id: UserId
    title: str
    notes: str
    status: TodoStatus
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, todo: Todo) -> TodoView:
        return cls(
            id=todo.id,
            owner_id=todo.owner_id,
            title=todo.title.value,
            notes=todo.notes.value,
            status=todo.status,
            created_at=todo.created_at,
            updated_at=todo.updated_at,
            version=todo.version,
        )
