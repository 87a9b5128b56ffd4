"""What a use case hands back about a todo list: a frozen snapshot, never the live aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.ids import ListId, UserId
from todo_core.domain.todo_list import TodoList

__all__ = ["ListView"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListView:
    id: ListId
    owner_id: UserId
    name: str
    position: int
    archived: bool
    is_inbox: bool
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, todo_list: TodoList) -> ListView:
        return cls(
            id=todo_list.id,
            owner_id=todo_list.owner_id,
            name=todo_list.name.value,
            position=todo_list.position,
            archived=todo_list.archived,
            is_inbox=todo_list.is_inbox,
            created_at=todo_list.created_at,
            updated_at=todo_list.updated_at,
            version=todo_list.version,
        )
