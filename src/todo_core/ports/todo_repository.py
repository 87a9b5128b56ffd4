"""Storage of Todo aggregates.

Reads are scoped to one owner, except the two the scheduler needs across all users (reminders
due, old trash). Changes to a todo that was read through the repository are saved by the unit
of work on commit; nothing else needs calling.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.todo import Todo
from todo_core.ports.todo_query import TodoQuery

__all__ = ["TodoRepository"]


class TodoRepository(Protocol):
    async def add(self, todo: Todo) -> None:
        """Stage a new todo in the current unit of work."""
        ...

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        """The owner's todo (trashed or not), or None when missing or someone else's."""
        ...

    async def query(self, query: TodoQuery) -> Sequence[Todo]:
        """Up to `query.limit` todos matching every filter, in the query's order, strictly
        after `query.after` (keyset pagination: stable while todos are added between pages)."""
        ...

    async def children_of(self, owner_id: UserId, parent_id: TodoId) -> Sequence[Todo]:
        """The subtasks of a todo, trashed ones included."""
        ...

    async def in_list(self, owner_id: UserId, list_id: ListId) -> Sequence[Todo]:
        """Every todo in a list, trashed ones included."""
        ...

    async def with_label(self, owner_id: UserId, label_id: LabelId) -> Sequence[Todo]:
        """Every todo carrying a label, trashed ones included."""
        ...

    async def last_position(self, owner_id: UserId, list_id: ListId) -> int | None:
        """The highest position in a list, so a new todo can go last."""
        ...

    async def claim_reminders_due(self, now: datetime, *, limit: int) -> Sequence[Todo]:
        """Live todos of any owner with a pending reminder due by `now`, oldest reminder first.

        Where the database can lock rows, the todos returned stay locked until this unit of
        work ends, and todos another unit holds are skipped rather than waited for: several
        schedulers share the due reminders instead of queueing behind one another. Elsewhere
        the version check at commit still lets only one of two racing units fire a todo.
        """
        ...

    async def next_reminder_at(self) -> datetime | None:
        """The moment of the earliest pending reminder of any live todo (due or not)."""
        ...

    async def trashed_before(self, cutoff: datetime, *, limit: int) -> Sequence[Todo]:
        """Todos of any owner trashed before `cutoff`, oldest first (retention)."""
        ...

    async def remove(self, todo: Todo) -> None:
        """Delete for good when the unit of work commits."""
        ...
