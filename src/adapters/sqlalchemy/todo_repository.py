"""Todos in a SQL database, on the connection of the unit of work that owns the repository.

`query` must answer exactly as the in-memory reference (`adapters.memory.todo_query`) does: the
same filters, and the order of `todo_core.ports.todo_query.sort_key`, with keyset pagination on
(value, id) and, for the due sort, todos without a due after all others in both directions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.aggregate_rows import AggregateRows
from adapters.sqlalchemy.tables import due_order, no_due, todos
from adapters.sqlalchemy.todo_mapping import row_to_todo, todo_to_row
from adapters.sqlalchemy.utc_datetime import UtcDateTime
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.todo import Todo, TodoStatus
from todo_core.ports.todo_query import SortKey, TodoQuery, TodoSort
from todo_core.ports.todo_repository import TodoRepository

__all__ = ["SqlAlchemyTodoRepository", "build_query_statement"]

_c = todos.c
# The escape character of LIKE patterns built from user text.
_ESCAPE = "/"
# The column each sort compares; ties are broken by id, in the same direction. (On PostgreSQL
# the due sort compares `due_order` instead.)
_SORT_VALUES: dict[TodoSort, ColumnElement[Any]] = {
    TodoSort.CREATED: _c.created_at,
    TodoSort.DUE: _c.due_deadline,
    TodoSort.PRIORITY: _c.priority_rank,
    TodoSort.POSITION: _c.position,
}


class SqlAlchemyTodoRepository(TodoRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._dialect = connection.dialect.name
        self._postgresql = self._dialect == "postgresql"
        # What this unit loaded and changed; the unit of work flushes it and collects events.
        self.rows = AggregateRows(connection, todos, to_row=todo_to_row, from_row=row_to_todo)

    async def add(self, todo: Todo) -> None:
        await self.rows.insert(todo)

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        return await self.rows.load_one(
            select(todos).where(_c.id == todo_id, _c.owner_id == owner_id)
        )

    async def query(self, query: TodoQuery) -> Sequence[Todo]:
        return await self.rows.load_all(build_query_statement(query, self._dialect))

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
            select(todos)
            .where(_c.owner_id == owner_id, _has_label(label_id, postgresql=self._postgresql))
            .order_by(_c.id)
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


def build_query_statement(query: TodoQuery, dialect_name: str) -> Select[Any]:
    """The SELECT that answers `query` on the named database, built without running it (so the
    plan test can EXPLAIN exactly what `query` sends)."""
    postgresql = dialect_name == "postgresql"
    statement = (
        select(todos)
        .where(*_filters(query, postgresql=postgresql))
        .order_by(*_order_by(query, postgresql=postgresql))
        .limit(query.limit)
    )
    if query.after is not None:
        statement = statement.where(_after(query, query.after, postgresql=postgresql))
    return statement


def _filters(query: TodoQuery, *, postgresql: bool) -> list[ColumnElement[bool]]:
    trashed = _c.deleted_at.is_not(None) if query.trashed else _c.deleted_at.is_(None)
    where = [_c.owner_id == query.owner_id, trashed]
    if query.status is not None:
        where.append(_c.status == query.status.value)
    if query.list_id is not None:
        where.append(_c.list_id == query.list_id)
    if query.label_id is not None:
        where.append(_has_label(query.label_id, postgresql=postgresql))
    if query.priority_min is not None:
        where.append(_c.priority_rank >= query.priority_min.rank)
    # A comparison with NULL is never true, so todos without a due drop out of all three. On
    # PostgreSQL they compare the indexed due key instead, so that the bound limits the index
    # range: it is the deadline where there is one and infinity where there is none, which
    # drops out of the upper bounds by itself but has to be excluded from the lower one.
    due = due_order(descending=False) if postgresql else _c.due_deadline
    if query.due_before is not None:
        where.append(due < query.due_before)
    if query.due_after is not None:
        where += [due >= query.due_after, _c.due_deadline.is_not(None)]
    if query.overdue_at is not None:
        where += [
            _c.status == TodoStatus.OPEN.value,
            _c.deleted_at.is_(None),
            due <= query.overdue_at,
        ]
    if query.text is not None:
        where.append(_contains_text(query.text))
    return where


def _has_label(label_id: LabelId, *, postgresql: bool) -> ColumnElement[bool]:
    if postgresql:
        # `labels @> '["<id>"]'`: JSONB containment, which the GIN index serves.
        return type_coerce(_c.labels, JSONB).contains([str(label_id)])
    # SQLite: EXISTS (SELECT 1 FROM json_each(todos.labels) WHERE json_each.value = :id)
    elements = func.json_each(_c.labels).table_valued("value")
    return exists(
        select(literal_column("1")).select_from(elements).where(elements.c.value == str(label_id))
    )


def _contains_text(needle: str) -> ColumnElement[bool]:
    # lower() on both sides, so the database folds the needle exactly as it folds the columns;
    # on PostgreSQL `lower(column)` is also the expression the trigram indexes hold.
    escaped = (
        needle.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    )
    pattern = func.lower(literal(f"%{escaped}%"))
    return or_(
        func.lower(_c.title).like(pattern, escape=_ESCAPE),
        func.lower(_c.notes).like(pattern, escape=_ESCAPE),
    )


def _sort_value(query: TodoQuery, *, postgresql: bool) -> ColumnElement[Any]:
    if postgresql and query.sort is TodoSort.DUE:
        return due_order(descending=query.descending)
    return _SORT_VALUES[query.sort]


def _order_by(query: TodoQuery, *, postgresql: bool) -> list[ColumnElement[Any]]:
    value = _sort_value(query, postgresql=postgresql)
    if query.descending:
        ordered, by_id = value.desc(), _c.id.desc()
    else:
        ordered, by_id = value.asc(), _c.id.asc()
    if query.sort is TodoSort.DUE and not postgresql:
        # The group rule: no due comes after every due, whichever the direction. NULLS LAST
        # is it exactly, since the group of todos without a due is ordered by id alone.
        # (PostgreSQL's due key has no NULLs: `due_order` puts them last already.)
        ordered = ordered.nulls_last()
    return [ordered, by_id]


def _after(query: TodoQuery, cursor: SortKey, *, postgresql: bool) -> ColumnElement[bool]:
    """Rows strictly after `cursor` in the query's order, as `_comes_after` in the reference:
    a later group, or the same group and (value, id) beyond the cursor's in the direction."""
    group, value, row_id = cursor
    if group < 0:
        # Every row's group is 0 or 1, so every row comes after.
        return true()
    if group > 1 or (group == 1 and query.sort is not TodoSort.DUE):
        # Only the due sort has a group 1 (no due); nothing comes after a later group.
        return false()
    if query.sort is not TodoSort.DUE:
        column = _SORT_VALUES[query.sort]
        return _beyond(query, column, literal(value, column.type), row_id)
    if postgresql:
        # Both groups are one ordered key here: the cursor's key is its deadline or `no_due`.
        key = literal(value, UtcDateTime()) if group == 0 else no_due(descending=query.descending)
        return _beyond(query, due_order(descending=query.descending), key, row_id)
    if group == 1:
        beyond_id = _c.id < row_id if query.descending else _c.id > row_id
        return and_(_c.due_deadline.is_(None), beyond_id)
    # Comparisons with NULL are never true: the whole group without a due comes after.
    beyond = _beyond(query, _c.due_deadline, literal(value, _c.due_deadline.type), row_id)
    return or_(beyond, _c.due_deadline.is_(None))


def _beyond(
    query: TodoQuery, column: ColumnElement[Any], value: ColumnElement[Any], row_id: UUID
) -> ColumnElement[bool]:
    # A row-value comparison, `(value, id) < (:value, :id)`: PostgreSQL makes it one range of the
    # (owner_id, value, id) index, where the spelled-out OR would only be a filter. SQLite has
    # compared row values the same way since 3.15.
    row, past = tuple_(column, _c.id), tuple_(value, literal(row_id, _c.id.type))
    return row < past if query.descending else row > past
