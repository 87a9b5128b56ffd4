"""Todos in a SQL database, on the connection of the unit of work that owns the repository.

`query` must answer exactly as the in-memory reference (`adapters.memory.todo_query`) does: the
same filters, and the order of `todo_core.ports.todo_query.sort_key`, with keyset pagination on
(value, id) and, for the due sort, todos without a due after all others in both directions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.aggregate_rows import AggregateRows
from adapters.sqlalchemy.tables import todos
from adapters.sqlalchemy.todo_mapping import row_to_todo, todo_to_row
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.todo import Todo, TodoStatus
from todo_core.ports.todo_query import SortKey, TodoQuery, TodoSort
from todo_core.ports.todo_repository import TodoRepository

__all__ = ["SqlAlchemyTodoRepository"]

_c = todos.c
# The escape character of LIKE patterns built from user text.
_ESCAPE = "/"
# The column each sort compares; ties are broken by id, in the same direction.
_SORT_VALUES: dict[TodoSort, ColumnElement[Any]] = {
    TodoSort.CREATED: _c.created_at,
    TodoSort.DUE: _c.due_deadline,
    TodoSort.PRIORITY: _c.priority_rank,
    TodoSort.POSITION: _c.position,
}


class SqlAlchemyTodoRepository(TodoRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._dialect = connection.dialect.name
        # What this unit loaded and changed; the unit of work flushes it and collects events.
        self.rows = AggregateRows(connection, todos, to_row=todo_to_row, from_row=row_to_todo)

    async def add(self, todo: Todo) -> None:
        await self.rows.insert(todo)

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        return await self.rows.load_one(
            select(todos).where(_c.id == todo_id, _c.owner_id == owner_id)
        )

    async def query(self, query: TodoQuery) -> Sequence[Todo]:
        statement = (
            select(todos)
            .where(*self._filters(query))
            .order_by(*_order_by(query))
            .limit(query.limit)
        )
        if query.after is not None:
            statement = statement.where(_after(query, query.after))
        return await self.rows.load_all(statement)

    async def children_of(self, owner_id: UserId, parent_id: TodoId) -> Sequence[Todo]:
        return await self.rows.load_all(
            select(todos).where(_c.owner_id == owner_id, _c.parent_id == parent_id).order_by(_c.id)
        )

    async def in_list(self, owner_id: UserId, list_id: ListId) -> Sequence[Todo]:
        return await self.rows.load_all(
            select(todos).where(_c.owner_id == owner_id, _c.list_id == list_id).order_by(_c.id)
        )

    async def with_label(self, owner_id: UserId, label_id: LabelId) -> Sequence[Todo]:
        return await self.rows.load_all(
            select(todos).where(_c.owner_id == owner_id, self._has_label(label_id)).order_by(_c.id)
        )

    async def last_position(self, owner_id: UserId, list_id: ListId) -> int | None:
        return await self.rows.scalar(
            select(func.max(_c.position)).where(_c.owner_id == owner_id, _c.list_id == list_id)
        )

    async def with_reminders_due(self, now: datetime, *, limit: int) -> Sequence[Todo]:
        # `next_reminder_at` is only set on open, live todos with a pending reminder (see the
        # mapping), so this is the same set and order as "earliest pending reminder due by now".
        return await self.rows.load_all(
            select(todos)
            .where(_c.next_reminder_at.is_not(None), _c.next_reminder_at <= now)
            .order_by(_c.next_reminder_at, _c.id)
            .limit(limit)
        )

    async def trashed_before(self, cutoff: datetime, *, limit: int) -> Sequence[Todo]:
        return await self.rows.load_all(
            select(todos)
            .where(_c.deleted_at.is_not(None), _c.deleted_at < cutoff)
            .order_by(_c.deleted_at, _c.id)
            .limit(limit)
        )

    async def remove(self, todo: Todo) -> None:
        await self.rows.delete(todo)

    def _filters(self, query: TodoQuery) -> list[ColumnElement[bool]]:
        trashed = _c.deleted_at.is_not(None) if query.trashed else _c.deleted_at.is_(None)
        where = [_c.owner_id == query.owner_id, trashed]
        if query.status is not None:
            where.append(_c.status == query.status.value)
        if query.list_id is not None:
            where.append(_c.list_id == query.list_id)
        if query.label_id is not None:
            where.append(self._has_label(query.label_id))
        if query.priority_min is not None:
            where.append(_c.priority_rank >= query.priority_min.rank)
        # A comparison with NULL is never true, so todos without a due drop out of both.
        if query.due_before is not None:
            where.append(_c.due_deadline < query.due_before)
        if query.due_after is not None:
            where.append(_c.due_deadline >= query.due_after)
        if query.overdue_at is not None:
            where += [
                _c.status == TodoStatus.OPEN.value,
                _c.deleted_at.is_(None),
                _c.due_deadline <= query.overdue_at,
            ]
        if query.text is not None:
            where.append(_contains_text(query.text))
        return where

    def _has_label(self, label_id: LabelId) -> ColumnElement[bool]:
        if self._dialect == "postgresql":
            # `labels @> '["<id>"]'`: JSONB containment, which a GIN index could serve later.
            return type_coerce(_c.labels, JSONB).contains([str(label_id)])
        # SQLite: EXISTS (SELECT 1 FROM json_each(todos.labels) WHERE json_each.value = :id)
        elements = func.json_each(_c.labels).table_valued("value")
        return exists(
            select(literal_column("1"))
            .select_from(elements)
            .where(elements.c.value == str(label_id))
        )


def _contains_text(needle: str) -> ColumnElement[bool]:
    # lower() on both sides, so the database folds the needle exactly as it folds the columns.
    escaped = (
        needle.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    )
    pattern = func.lower(literal(f"%{escaped}%"))
    return or_(
        func.lower(_c.title).like(pattern, escape=_ESCAPE),
        func.lower(_c.notes).like(pattern, escape=_ESCAPE),
    )


def _order_by(query: TodoQuery) -> list[ColumnElement[Any]]:
    value = _SORT_VALUES[query.sort]
    if query.descending:
        ordered, by_id = value.desc(), _c.id.desc()
    else:
        ordered, by_id = value.asc(), _c.id.asc()
    if query.sort is TodoSort.DUE:
        # The group rule: no due comes after every due, whichever the direction. NULLS LAST
        # is it exactly, since the group of todos without a due is ordered by id alone.
        ordered = ordered.nulls_last()
    return [ordered, by_id]


def _after(query: TodoQuery, cursor: SortKey) -> ColumnElement[bool]:
    """Rows strictly after `cursor` in the query's order, as `_comes_after` in the reference:
    a later group, or the same group and (value, id) beyond the cursor's in the direction."""
    group, value, row_id = cursor
    if group < 0:
        # Every row's group is 0 or 1, so every row comes after.
        return true()
    beyond_id = _c.id < row_id if query.descending else _c.id > row_id
    if query.sort is TodoSort.DUE and group == 1:
        return and_(_c.due_deadline.is_(None), beyond_id)
    if group != 0:
        return false()
    column = _SORT_VALUES[query.sort]
    beyond_value = column < value if query.descending else column > value
    # (value, id) beyond (:value, :id) spelled out, which both databases understand.
    beyond = or_(beyond_value, and_(column == value, beyond_id))
    if query.sort is TodoSort.DUE:
        # Comparisons with NULL are never true: the whole group without a due comes after.
        return or_(beyond, _c.due_deadline.is_(None))
    return beyond
