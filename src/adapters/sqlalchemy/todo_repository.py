"""Todos in a SQL database, on the connection of the unit of work that owns the repository.

`query` must answer exactly as the in-memory reference (`adapters.memory.todo_query`) does: the
same filters, and the order of `todo_core.ports.todo_query.sort_key`, with keyset pagination on
(value, id) and, for the due sort, todos without a due after all others in both directions.

Writing a todo also writes its rows in `todo_labels` (see `AggregateRows`), which the listings by
label are driven from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Join,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.aggregate_rows import AggregateRows, DerivedRows
from adapters.sqlalchemy.constant_statements import constant
from adapters.sqlalchemy.last_positions import UNKNOWN, LastPositions
from adapters.sqlalchemy.tables import due_order, no_due, todo_labels, todos
from adapters.sqlalchemy.todo_mapping import row_to_todo, todo_label_rows, todo_to_row
from adapters.sqlalchemy.utc_datetime import UtcDateTime
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.todo import Todo, TodoStatus
from todo_core.ports.todo_query import SortKey, TodoQuery, TodoSort
from todo_core.ports.todo_repository import TodoRepository

__all__ = ["SqlAlchemyTodoRepository", "build_query_statement"]

_c = todos.c
_l = todo_labels.c
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
_BY_ID = constant(
    select(todos).where(_c.id == bindparam("id"), _c.owner_id == bindparam("owner_id"))
)
_LAST_POSITION = constant(
    select(func.max(_c.position)).where(
        _c.owner_id == bindparam("owner_id"), _c.list_id == bindparam("list_id")
    )
)


class SqlAlchemyTodoRepository(TodoRepository):
    def __init__(
        self, connection: AsyncConnection, last_positions: LastPositions | None = None
    ) -> None:
        self._dialect = connection.dialect.name
        # Last positions the list repository read beside a list; stale after any write here.
        self._last_positions = last_positions or LastPositions()
        # What this unit loaded and changed; the unit of work flushes it and collects events.
        self.rows = AggregateRows(
            connection,
            todos,
            to_row=todo_to_row,
            from_row=row_to_todo,
            derived=[DerivedRows(todo_labels, _l.todo_id, todo_label_rows)],
            on_write=self._last_positions.forget,
        )

    async def add(self, todo: Todo) -> None:
        await self.rows.insert(todo)

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        return await self.rows.load_one(_BY_ID, {"id": todo_id, "owner_id": owner_id})

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
            .select_from(_labelled())
            .where(_l.owner_id == owner_id, _l.label_id == label_id, _c.owner_id == owner_id)
            .order_by(_c.id)
        )

    async def last_position(self, owner_id: UserId, list_id: ListId) -> int | None:
        if not self.rows.has_unflushed_changes:
            known = self._last_positions.recall(owner_id, list_id)
            if known is not UNKNOWN:
                return known
        return await self.rows.scalar(_LAST_POSITION, {"owner_id": owner_id, "list_id": list_id})

    async def claim_reminders_due(self, now: datetime, *, limit: int) -> Sequence[Todo]:
        # `next_reminder_at` is only set on open, live todos with a pending reminder (see the
        # mapping), so this is the same set and order as "earliest pending reminder due by now".
        statement = (
            select(todos)
            .where(_c.next_reminder_at.is_not(None), _c.next_reminder_at <= now)
            .order_by(_c.next_reminder_at, _c.id)
            .limit(limit)
        )
        if self._dialect == "postgresql":
            # Held until the unit ends; rows another scheduler holds are left to it.
            statement = statement.with_for_update(skip_locked=True)
        return await self.rows.load_all(statement)

    async def next_reminder_at(self) -> datetime | None:
        return await self.rows.scalar(
            select(func.min(_c.next_reminder_at)).where(_c.next_reminder_at.is_not(None)), {}
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
    order = _order(query, postgresql=postgresql)
    statement = (
        select(todos)
        .where(*_filters(query, postgresql=postgresql))
        .order_by(*_order_by(query, order, postgresql=postgresql))
        .limit(query.limit)
    )
    if query.label_id is not None:
        statement = statement.select_from(_labelled())
    if query.after is not None:
        statement = statement.where(_after(query, query.after, order, postgresql=postgresql))
    return statement


def _labelled() -> Join:
    """`todo_labels JOIN todos`: each todo once per label, so a label filter must go with it."""
    return todo_labels.join(todos, _c.id == _l.todo_id)


@dataclass(frozen=True, slots=True)
class _Order:
    """What a listing orders and pages by: a value, then an id breaking its ties."""

    value: ColumnElement[Any]
    row_id: ColumnElement[UUID]


def _order(query: TodoQuery, *, postgresql: bool) -> _Order:
    if query.label_id is not None and query.sort is TodoSort.CREATED:
        # The label rows' copies, which their index holds in order: ordering by the todo's own
        # columns (the same values) would make the planner sort.
        return _Order(_l.created_at, _l.todo_id)
    if postgresql and query.sort is TodoSort.DUE:
        return _Order(due_order(descending=query.descending), _c.id)
    return _Order(_SORT_VALUES[query.sort], _c.id)


def _filters(query: TodoQuery, *, postgresql: bool) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]]
    if query.label_id is None:
        trashed = _c.deleted_at.is_not(None) if query.trashed else _c.deleted_at.is_(None)
        where = [_c.owner_id == query.owner_id, trashed]
    else:
        # One range of the label rows' index: the owner's live (or trashed) todos with the
        # label, in creation order. Owner and trash state are asked of those copies only:
        # repeated on `todos`, the planner would multiply their selectivities, expect a dozen
        # rows where there are hundreds, and sort rather than walk the index.
        where = [
            _l.owner_id == query.owner_id,
            _l.label_id == query.label_id,
            _l.live == (not query.trashed),
        ]
    if query.status is not None:
        where.append(_c.status == query.status.value)
    if query.list_id is not None:
        where.append(_c.list_id == query.list_id)
    if query.parent_id is not None:
        where.append(_c.parent_id == query.parent_id)
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


def _order_by(query: TodoQuery, order: _Order, *, postgresql: bool) -> list[ColumnElement[Any]]:
    if query.descending:
        ordered, by_id = order.value.desc(), order.row_id.desc()
    else:
        ordered, by_id = order.value.asc(), order.row_id.asc()
    if query.sort is TodoSort.DUE and not postgresql:
        # The group rule: no due comes after every due, whichever the direction. NULLS LAST
        # is it exactly, since the group of todos without a due is ordered by id alone.
        # (PostgreSQL's due key has no NULLs: `due_order` puts them last already.)
        ordered = ordered.nulls_last()
    return [ordered, by_id]


def _after(
    query: TodoQuery, cursor: SortKey, order: _Order, *, postgresql: bool
) -> ColumnElement[bool]:
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
        return _beyond(query, order, literal(value, order.value.type), row_id)
    if postgresql:
        # Both groups are one ordered key here: the cursor's key is its deadline or `no_due`.
        key = literal(value, UtcDateTime()) if group == 0 else no_due(descending=query.descending)
        return _beyond(query, order, key, row_id)
    if group == 1:
        beyond_id = _c.id < row_id if query.descending else _c.id > row_id
        return and_(_c.due_deadline.is_(None), beyond_id)
    # Comparisons with NULL are never true: the whole group without a due comes after.
    beyond = _beyond(query, order, literal(value, _c.due_deadline.type), row_id)
    return or_(beyond, _c.due_deadline.is_(None))


def _beyond(
    query: TodoQuery, order: _Order, value: ColumnElement[Any], row_id: UUID
) -> ColumnElement[bool]:
    # A row-value comparison, `(value, id) < (:value, :id)`: PostgreSQL makes it one range of the
    # (owner_id, value, id) index, where the spelled-out OR would only be a filter. SQLite has
    # compared row values the same way since 3.15.
    past = tuple_(value, literal(row_id, order.row_id.type))
    row = tuple_(order.value, order.row_id)
    return row < past if query.descending else row > past
