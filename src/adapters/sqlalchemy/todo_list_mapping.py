"""Row <-> TodoList translation, kept beside the table so a new column is one diff in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import TodoList

__all__ = ["row_to_todo_list", "todo_list_to_row"]


def todo_list_to_row(todo_list: TodoList) -> dict[str, Any]:
    return {
        "id": todo_list.id,
        "owner_id": todo_list.owner_id,
        "name": todo_list.name.value,
        # Written, never read back: the unique index compares it, the domain derives it.
        "name_key": todo_list.name.key,
        "position": todo_list.position,
        "archived": todo_list.archived,
        "is_inbox": todo_list.is_inbox,
        "created_at": todo_list.created_at,
        "updated_at": todo_list.updated_at,
        "version": todo_list.version,
    }


def row_to_todo_list(row: RowMapping) -> TodoList:
    return TodoList(
        id=ListId(row["id"]),
        owner_id=UserId(row["owner_id"]),
        name=ListName(row["name"]),
        position=row["position"],
        archived=row["archived"],
        is_inbox=row["is_inbox"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )
