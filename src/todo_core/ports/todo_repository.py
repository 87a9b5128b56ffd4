"""Storage of Todo aggregates, always scoped to one owner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.todo import Todo

__all__ = ["TodoRepository"]


class TodoRepository(Protocol):
    async def add(self, todo: Todo) -> None:
        """Stage a new todo in the current unit of work."""
        ...

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        """The owner's todo, or None when it does not exist or belongs to someone else."""
        ...

    async def list_newest_first(
        self, owner_id: UserId, *, limit: int, before: TodoId | None = None
    ) -> Sequence[Todo]:
        """Up to `limit` of the owner's todos, newest first, strictly older than `before`.

        Keyset pagination: ids are time-ordered, so "older than the last id seen" is stable
        while new todos are being created between pages.
        """
        ...
