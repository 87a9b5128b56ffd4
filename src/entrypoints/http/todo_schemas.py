"""The JSON shapes of the todo resource (request and response), separate from the domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from todo_core.use_cases import TodoPage, TodoView

__all__ = ["CreateTodoRequest", "TodoPageResource", "TodoResource"]


class CreateTodoRequest(msgspec.Struct, forbid_unknown_fields=True):
    # Lengths are checked by the domain (after trimming); the bounds here only cap the body.
    title: Annotated[str, msgspec.Meta(max_length=10_000)]
    notes: Annotated[str, msgspec.Meta(max_length=100_000)] = ""


class TodoResource(msgspec.Struct):
    id: UUID
    list_id: UUID | None
    parent_id: UUID | None
    title: str
    notes: str
    status: str
    priority: str
    labels: list[UUID]
    position: int
    version: int
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: TodoView) -> TodoResource:
        return cls(
            id=view.id,
            list_id=view.list_id,
            parent_id=view.parent_id,
            title=view.title,
            notes=view.notes,
            status=view.status.value,
            priority=view.priority.value,
            labels=list(view.labels),
            position=view.position,
            version=view.version,
            completed_at=view.completed_at,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class TodoPageResource(msgspec.Struct):
    items: list[TodoResource]
    next_cursor: str | None

    @classmethod
    def of(cls, page: TodoPage) -> TodoPageResource:
        return cls(
            items=[TodoResource.of(view) for view in page.items], next_cursor=page.next_cursor
        )
