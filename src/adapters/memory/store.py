"""The committed state that in-memory units of work read from and commit into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from adapters.memory.email_jobs import EmailJobTable
from adapters.memory.index import SortedIndex, UniqueIndex
from adapters.memory.table import InMemoryTable
from todo_core.domain.events import DomainEvent
from todo_core.domain.label import Label
from todo_core.domain.refresh_token import RefreshToken
from todo_core.domain.todo import Todo
from todo_core.domain.todo_list import TodoList
from todo_core.domain.user import User

__all__ = ["InMemoryStore"]


# The indexes of the SQL schema (src/adapters/sqlalchemy/tables.py) that the repositories
# look rows up by, and its unique ones, which commits enforce.


def _users() -> InMemoryTable[User]:
    return InMemoryTable("user", unique={"email": UniqueIndex("email")})


def _refresh_tokens() -> InMemoryTable[RefreshToken]:
    return InMemoryTable(
        "refresh token",
        unique={"token_hash": UniqueIndex("token_hash")},
        indexes={"family": SortedIndex("family_id")},
    )


def _lists() -> InMemoryTable[TodoList]:
    return InMemoryTable(
        "list",
        unique={
            # Archiving a list frees its name: only active lists compete for it.
            "active_name": UniqueIndex("owner_id", "name.key", unless="archived"),
            "one_inbox": UniqueIndex("owner_id", when="is_inbox"),
        },
        indexes={"owner": SortedIndex("owner_id", order="position")},
    )


def _labels() -> InMemoryTable[Label]:
    return InMemoryTable(
        "label",
        unique={"name": UniqueIndex("owner_id", "name.key")},
        indexes={"owner": SortedIndex("owner_id")},
    )


def _todos() -> InMemoryTable[Todo]:
    return InMemoryTable(
        "todo",
        indexes={
            # Every todo of an owner, oldest first: what queries and label lookups start from.
            "owner": SortedIndex("owner_id", order="created_at"),
            # A list in its manual order: its last position without reading the list.
            "list": SortedIndex("owner_id", "list_id", order="position"),
            # Subtasks; most todos have no parent and stay out of it.
            "parent": SortedIndex("owner_id", "parent_id", when="parent_id"),
        },
    )


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
    todos: InMemoryTable[Todo] = field(default_factory=_todos)
    outbox: list[DomainEvent] = field(default_factory=list)
    # (consumer, event id) -> when it was processed: the inbox table.
    inbox: dict[tuple[str, UUID], datetime] = field(default_factory=dict)
    # The e-mail jobs queued by event handlers (the `email_jobs` table).
    email_jobs: EmailJobTable = field(default_factory=EmailJobTable)
