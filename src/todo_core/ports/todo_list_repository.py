"""Storage of TodoList aggregates, always scoped to one owner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import TodoList

__all__ = ["ListPosition", "TodoListRepository"]

# (position, id): the order lists are shown in, and the keyset that pages through them.
ListPosition = tuple[int, ListId]


class TodoListRepository(Protocol):
    async def add(self, todo_list: TodoList) -> None:
        """Stage a new list; commit raises `Conflict` if an active list has the same name."""
        ...

    async def get(self, owner_id: UserId, list_id: ListId) -> TodoList | None:
        """The owner's list, or None when it does not exist or belongs to someone else."""
        ...

    async def get_inbox(self, owner_id: UserId) -> TodoList | None: ...

    async def find_active_by_name(self, owner_id: UserId, name: ListName) -> TodoList | None:
        """The owner's non-archived list whose name equals `name` ignoring case."""
        ...

    async def list_for_owner(
        self,
        owner_id: UserId,
        *,
        limit: int,
        after: ListPosition | None = None,
        include_archived: bool = False,
    ) -> Sequence[TodoList]:
        """Up to `limit` lists ordered by (position, id), strictly after `after`."""
        ...

    async def last_position(self, owner_id: UserId) -> int | None:
        """The highest position among the owner's lists, so a new list can go last."""
        ...

    async def remove(self, todo_list: TodoList) -> None: ...
