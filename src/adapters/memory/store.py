"""The committed state that in-memory units of work read from and commit into."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import TodoId
from todo_core.domain.todo import Todo

__all__ = ["InMemoryStore"]


@dataclass(eq=False)
class InMemoryStore:
    """Shared by every unit of work of one application, like a database is.

    `outbox` holds the events of committed units in commit order, the in-memory twin of the
    outbox table.
    """

    todos: dict[TodoId, Todo] = field(default_factory=dict)
    outbox: list[DomainEvent] = field(default_factory=list)
    # Commits apply one at a time, as a database serialises conflicting writes.
    commit_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
