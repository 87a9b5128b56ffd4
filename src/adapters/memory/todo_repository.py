"""Todos in memory, seen through one unit of work's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.memory.table_transaction import TableTransaction
from adapters.memory.todo_query import matches, order_and_page
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.reminder import ReminderStatus
from todo_core.domain.todo import Todo, TodoStatus
from todo_core.ports.todo_query import TodoQuery
from todo_core.ports.todo_repository import TodoRepository

__all__ = ["InMemoryTodoRepository"]


class InMemoryTodoRepository(TodoRepository):
    def __init__(self, rows: TableTransaction[Todo]) -> None:
        self._rows = rows

    async def add(self, todo: Todo) -> None:
        self._rows.add(todo)

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        todo = self._rows.get(todo_id)
        return todo if todo is not None and todo.owner_id == owner_id else None

    async def query(self, query: TodoQuery) -> Sequence[Todo]:
        found = self._rows.find("owner", query.owner_id, lambda todo: matches(todo, query))
        return order_and_page(found, query)

    async def children_of(self, owner_id: UserId, parent_id: TodoId) -> Sequence[Todo]:
        found = self._rows.find("parent", (owner_id, parent_id))
        return sorted(found, key=lambda todo: todo.id)

    async def in_list(self, owner_id: UserId, list_id: ListId) -> Sequence[Todo]:
        found = self._rows.find("list", (owner_id, list_id))
        return sorted(found, key=lambda todo: todo.id)

    async def with_label(self, owner_id: UserId, label_id: LabelId) -> Sequence[Todo]:
        found = self._rows.find("owner", owner_id, lambda todo: label_id in todo.labels)
        return sorted(found, key=lambda todo: todo.id)

    async def last_position(self, owner_id: UserId, list_id: ListId) -> int | None:
        last = self._rows.peek_last("list", (owner_id, list_id))
        return None if last is None else last.position

    async def claim_reminders_due(self, now: datetime, *, limit: int) -> Sequence[Todo]:
        # One process, no row locks: two racing units are told apart by the version check.
        def first_due(todo: Todo) -> datetime | None:
            first = _first_pending(todo)
            return first if first is not None and first <= now else None

        found = [(first_due(t), t) for t in self._rows.scan(lambda t: first_due(t) is not None)]
        found.sort(key=lambda pair: (pair[0], pair[1].id))
        return [todo for _, todo in found[:limit]]

    async def next_reminder_at(self) -> datetime | None:
        pending = [
            _first_pending(t) for t in self._rows.scan(lambda t: _first_pending(t) is not None)
        ]
        return min((at for at in pending if at is not None), default=None)

    async def trashed_before(self, cutoff: datetime, *, limit: int) -> Sequence[Todo]:
        found = self._rows.scan(lambda t: t.deleted_at is not None and t.deleted_at < cutoff)
        found.sort(key=lambda todo: (todo.deleted_at, todo.id))
        return found[:limit]

    async def remove(self, todo: Todo) -> None:
        self._rows.remove(todo)


def _first_pending(todo: Todo) -> datetime | None:
    """The earliest pending reminder of a live, open todo (what `next_reminder_at` stores)."""
    if todo.is_trashed or todo.status is not TodoStatus.OPEN:
        return None
    times = [r.fire_at for r in todo.reminders if r.status is ReminderStatus.PENDING]
    return min(times, default=None)
