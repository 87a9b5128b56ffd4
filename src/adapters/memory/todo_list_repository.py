"""Todo lists in memory, seen through one unit of work's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.memory.table_transaction import TableTransaction
from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import TodoList
from todo_core.ports.todo_list_repository import ListPosition, TodoListRepository

__all__ = ["InMemoryTodoListRepository"]


class InMemoryTodoListRepository(TodoListRepository):
    def __init__(self, rows: TableTransaction[TodoList]) -> None:
        self._rows = rows

    async def add(self, todo_list: TodoList) -> None:
        self._rows.add(todo_list)

    async def get(self, owner_id: UserId, list_id: ListId) -> TodoList | None:
        found = self._rows.get(list_id)
        return found if found is not None and found.owner_id == owner_id else None

    async def get_inbox(self, owner_id: UserId) -> TodoList | None:
        return self._rows.find_one("one_inbox", owner_id)

    async def find_active_by_name(self, owner_id: UserId, name: ListName) -> TodoList | None:
        return self._rows.find_one("active_name", (owner_id, name.key))

    async def list_for_owner(
        self,
        owner_id: UserId,
        *,
        limit: int,
        after: ListPosition | None = None,
        include_archived: bool = False,
    ) -> Sequence[TodoList]:
        found = self._rows.find(
            "owner",
            owner_id,
            lambda row: (
                (include_archived or not row.archived)
                and (after is None or (row.position, row.id) > after)
            ),
        )
        return sorted(found, key=lambda row: (row.position, row.id))[:limit]

    async def last_position(self, owner_id: UserId) -> int | None:
        last = self._rows.peek_last("owner", owner_id)
        return None if last is None else last.position

    async def remove(self, todo_list: TodoList) -> None:
        self._rows.remove(todo_list)
