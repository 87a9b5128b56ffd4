"""Todos in a SQL database, on the connection of the unit of work that owns the repository."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import todos
from adapters.sqlalchemy.todo_mapping import row_to_todo, todo_to_row
from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.todo import Todo
from todo_core.ports.todo_repository import TodoRepository

__all__ = ["SqlAlchemyTodoRepository"]


class SqlAlchemyTodoRepository(TodoRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        # Aggregates handed out or added here; the unit of work collects their events on commit.
        self.seen: set[Todo] = set()

    async def add(self, todo: Todo) -> None:
        async with translate_driver_errors():
            await self._connection.execute(insert(todos).values(todo_to_row(todo)))
        self.seen.add(todo)

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        statement = select(todos).where(todos.c.id == todo_id, todos.c.owner_id == owner_id)
        async with translate_driver_errors():
            row = (await self._connection.execute(statement)).mappings().one_or_none()
        if row is None:
            return None
        todo = row_to_todo(row)
        self.seen.add(todo)
        return todo

    async def list_newest_first(
        self, owner_id: UserId, *, limit: int, before: TodoId | None = None
    ) -> Sequence[Todo]:
        statement = (
            select(todos)
            .where(todos.c.owner_id == owner_id)
            .order_by(todos.c.id.desc())
            .limit(limit)
        )
        if before is not None:
            statement = statement.where(todos.c.id < before)
        async with translate_driver_errors():
            rows = (await self._connection.execute(statement)).mappings().all()
        found = [row_to_todo(row) for row in rows]
        self.seen.update(found)
        return found
