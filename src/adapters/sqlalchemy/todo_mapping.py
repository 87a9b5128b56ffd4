"""Row <-> Todo translation, kept beside the table so a new column is one diff in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo, TodoStatus

__all__ = ["row_to_todo", "todo_to_row"]


def todo_to_row(todo: Todo) -> dict[str, Any]:
    return {
        "id": todo.id,
        "owner_id": todo.owner_id,
        "title": todo.title.value,
        "notes": todo.notes.value,
        "status": todo.status.value,
        "created_at": todo.created_at,
        "updated_at": todo.updated_at,
        "version": todo.version,
    }


def row_to_todo(row: RowMapping) -> Todo:
    return Todo(
        id=TodoId(row["id"]),
        owner_id=UserId(row["owner_id"]),
        title=Title(row["title"]),
        notes=Notes(row["notes"]),
        status=TodoStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )
