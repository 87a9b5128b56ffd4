"""A unit of work over the in-memory store with real transaction semantics.

Changes stay private to the unit until `commit()`; leaving the block without a commit throws
them away; commit applies every table or none (a stale write or a taken unique key fails the
whole commit); events reach the store's outbox only on commit, in the order they were recorded.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from adapters.memory.inbox import InMemoryInbox
from adapters.memory.label_repository import InMemoryLabelRepository
from adapters.memory.refresh_token_repository import InMemoryRefreshTokenRepository
from adapters.memory.store import InMemoryStore
from adapters.memory.table import TableTransaction
from adapters.memory.todo_list_repository import InMemoryTodoListRepository
from adapters.memory.todo_repository import InMemoryTodoRepository
from adapters.memory.user_repository import InMemoryUserRepository
from todo_core.domain.events import DomainEvent
from todo_core.ports.unit_of_work import UnitOfWork

__all__ = ["InMemoryUnitOfWork"]


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._begin()

    def _begin(self) -> None:
        store = self._store
        self._rows: list[tuple[Any, TableTransaction[Any]]] = [
            (table, TableTransaction(table))
            for table in (
                store.users,
                store.refresh_tokens,
                store.lists,
                store.labels,
                store.todos,
            )
        ]
        users, refresh_tokens, lists, labels, todos = (rows for _, rows in self._rows)
        self.users = InMemoryUserRepository(users)
        self.refresh_tokens = InMemoryRefreshTokenRepository(refresh_tokens)
        self.lists = InMemoryTodoListRepository(lists)
        self.labels = InMemoryLabelRepository(labels)
        self.todos = InMemoryTodoRepository(todos)
        self.inbox = InMemoryInbox(store.inbox)

    def _transactions(self) -> list[tuple[Any, TableTransaction[Any]]]:
        return self._rows

    async def __aenter__(self) -> Self:
        self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        async with self._store.commit_lock:
            prepared = [(table, rows.prepare()) for table, rows in self._transactions()]
            self.inbox.check()
            events: list[DomainEvent] = [
                event
                for _, rows in self._transactions()
                for aggregate in rows.seen()
                for event in aggregate.pull_events()
            ]
            events.sort(key=lambda event: event.occurred_at)
            for table, after in prepared:
                table.rows = after
            self._store.outbox.extend(events)
            self._store.inbox.update(self.inbox.added)
        self._begin()

    async def rollback(self) -> None:
        self._begin()
