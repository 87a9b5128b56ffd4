"""Todo lists in a SQL database, on the connection of the unit of work that owns the repository."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, bindparam, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.aggregate_rows import AggregateRows
from adapters.sqlalchemy.constant_statements import constant
from adapters.sqlalchemy.last_positions import LastPositions
from adapters.sqlalchemy.tables import todo_lists, todos
from adapters.sqlalchemy.todo_list_mapping import row_to_todo_list, todo_list_to_row
from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import TodoList
from todo_core.ports.todo_list_repository import ListPosition, TodoListRepository

__all__ = ["SqlAlchemyTodoListRepository"]

_c = todo_lists.c
# Renders as the partial unique index's predicate on each database, so the index can serve.
_ACTIVE = not_(_c.archived)
_BY_ID = constant(
    select(todo_lists).where(_c.owner_id == bindparam("owner_id"), _c.id == bindparam("id"))
)
# The Inbox and the last position of a todo in it (see `last_positions`).
_LAST_TODO_POSITION = "last_todo_position"
_INBOX = constant(
    select(
        todo_lists,
        select(func.max(todos.c.position))
        .where(todos.c.owner_id == _c.owner_id, todos.c.list_id == _c.id)
        .scalar_subquery()
        .label(_LAST_TODO_POSITION),
    ).where(_c.owner_id == bindparam("owner_id"), _c.is_inbox)
)


class SqlAlchemyTodoListRepository(TodoListRepository):
    def __init__(
        self, connection: AsyncConnection, last_positions: LastPositions | None = None
    ) -> None:
        # What this unit loaded and changed; the unit of work flushes it and collects events.
        self.rows = AggregateRows(
            connection, todo_lists, to_row=todo_list_to_row, from_row=row_to_todo_list
        )
        self._last_positions = last_positions or LastPositions()

    async def add(self, todo_list: TodoList) -> None:
        await self.rows.insert(todo_list)

    async def get(self, owner_id: UserId, list_id: ListId) -> TodoList | None:
        return await self.rows.load_one(_BY_ID, {"owner_id": owner_id, "id": list_id})

    async def get_inbox(self, owner_id: UserId) -> TodoList | None:
        found = await self.rows.load_with_rows(_INBOX, {"owner_id": owner_id})
        if not found:
            return None
        inbox, row = found[0]
        self._last_positions.remember(owner_id, inbox.id, row[_LAST_TODO_POSITION])
        return inbox

    async def find_active_by_name(self, owner_id: UserId, name: ListName) -> TodoList | None:
        return await self.rows.load_one(
            select(todo_lists).where(_c.owner_id == owner_id, _c.name_key == name.key, _ACTIVE)
        )

    async def list_for_owner(
        self,
        owner_id: UserId,
        *,
        limit: int,
        after: ListPosition | None = None,
        include_archived: bool = False,
    ) -> Sequence[TodoList]:
        statement = (
            select(todo_lists)
            .where(_c.owner_id == owner_id)
            .order_by(_c.position, _c.id)
            .limit(limit)
        )
        if not include_archived:
            statement = statement.where(_ACTIVE)
        if after is not None:
            position, list_id = after
            # (position, id) > (:position, :id) spelled out, which both databases understand.
            statement = statement.where(
                or_(_c.position > position, and_(_c.position == position, _c.id > list_id))
            )
        return await self.rows.load_all(statement)

    async def last_position(self, owner_id: UserId) -> int | None:
        return await self.rows.scalar(select(func.max(_c.position)).where(_c.owner_id == owner_id))

    async def remove(self, todo_list: TodoList) -> None:
        await self.rows.delete(todo_list)
