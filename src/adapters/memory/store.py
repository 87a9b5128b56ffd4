"""The committed state that in-memory units of work read from and commit into."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from adapters.memory.table import InMemoryTable
from todo_core.domain.events import DomainEvent
from todo_core.domain.label import Label
from todo_core.domain.refresh_token import RefreshToken
from todo_core.domain.todo import Todo
from todo_core.domain.todo_list import TodoList
from todo_core.domain.user import User

__all__ = ["InMemoryStore"]


def _users() -> InMemoryTable[User]:
    return InMemoryTable("user", unique_keys=(lambda user: user.email,))


def _refresh_tokens() -> InMemoryTable[RefreshToken]:
    # The SQL schema's unique index on token_hash.
    return InMemoryTable("refresh token", unique_keys=(lambda token: token.token_hash,))


def _lists() -> InMemoryTable[TodoList]:
    return InMemoryTable(
        "list",
        unique_keys=(
            # The same rules the SQL schema has as (partial) unique indexes.
            lambda row: None if row.archived else (row.owner_id, row.name.key),
            lambda row: row.owner_id if row.is_inbox else None,
        ),
    )


def _labels() -> InMemoryTable[Label]:
    return InMemoryTable("label", unique_keys=(lambda row: (row.owner_id, row.name.key),))


@dataclass(eq=False)
class InMemoryStore:
    """Shared by every unit of work of one application, like a database is.

    `outbox` holds the events of committed units in commit order, the in-memory twin of the
    outbox table; `inbox` the events each consumer has processed.
    """

    users: InMemoryTable[User] = field(default_factory=_users)
    refresh_tokens: InMemoryTable[RefreshToken] = field(default_factory=_refresh_tokens)
    lists: InMemoryTable[TodoList] = field(default_factory=_lists)
    labels: InMemoryTable[Label] = field(default_factory=_labels)
    todos: InMemoryTable[Todo] = field(default_factory=lambda: InMemoryTable[Todo]("todo"))
    outbox: list[DomainEvent] = field(default_factory=list)
    # (consumer, event id) -> when it was processed: the inbox table.
    inbox: dict[tuple[str, UUID], datetime] = field(default_factory=dict)
    # Commits apply one at a time, as a database serialises conflicting writes.
    commit_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
