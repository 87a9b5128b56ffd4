"""A unit of work over the in-memory store with real transaction semantics.

Changes stay private to the unit until `commit()`; leaving the block without a commit throws
them away; commit applies every table or none (a stale write or a taken unique key fails the
whole commit); events reach the store's outbox only on commit, in the order they were recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, overload

from adapters.memory.inbox import InMemoryInbox
from adapters.memory.label_repository import InMemoryLabelRepository
from adapters.memory.refresh_token_repository import InMemoryRefreshTokenRepository
from adapters.memory.store import InMemoryStore
from adapters.memory.table import InMemoryTable
from adapters.memory.table_transaction import TableTransaction
from adapters.memory.todo_list_repository import InMemoryTodoListRepository
from adapters.memory.todo_repository import InMemoryTodoRepository
from adapters.memory.user_repository import InMemoryUserRepository
from todo_core.domain.events import DomainEvent
from todo_core.ports.unit_of_work import UnitOfWork

__all__ = ["InMemoryUnitOfWork"]

R = TypeVar("R")

# The order tables commit in; with the order rows were seen in, it breaks ties between events
# recorded at the same instant.
_TABLES = ("users", "refresh_tokens", "lists", "labels", "todos")
_occurred_at = attrgetter("occurred_at")


class _Repository(Generic[R]):
    """A repository of the unit of work, made on first use.

    A use case touches two or three of the tables and a unit of work lasts one call, so making
    all six repositories and their transactions up front was most of the cost of a small one.
    """

    def __init__(self, table: str, make: Callable[[TableTransaction[Any]], R]) -> None:
        self._table = table
        self._make = make

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, uow: None, owner: type) -> Self: ...
    @overload
    def __get__(self, uow: InMemoryUnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: InMemoryUnitOfWork | None, owner: type) -> Self | R:
        if uow is None:
            return self
        repository = self._make(uow.transaction(self._table))
        # An instance attribute now: later reads find it without coming back here.
        uow.__dict__[self._name] = repository
        return repository


class InMemoryUnitOfWork(UnitOfWork):
    users = _Repository("users", InMemoryUserRepository)
    refresh_tokens = _Repository("refresh_tokens", InMemoryRefreshTokenRepository)
    lists = _Repository("lists", InMemoryTodoListRepository)
    labels = _Repository("labels", InMemoryLabelRepository)
    todos = _Repository("todos", InMemoryTodoRepository)

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._transactions: dict[str, TableTransaction[Any]] = {}
        self.inbox = InMemoryInbox(store.inbox)

    def transaction(self, table: str) -> TableTransaction[Any]:
        """This unit's transaction over one of the store's tables, begun on first use."""
        found = self._transactions.get(table)
        if found is None:
            rows: InMemoryTable[Any] = getattr(self._store, table)
            found = self._transactions[table] = TableTransaction(rows)
        return found

    async def __aenter__(self) -> Self:
        self._discard()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._discard()

    async def commit(self) -> None:
        # Nothing below awaits: on the store's one event loop, a commit runs whole before any
        # other unit reads or commits, as a database serialises conflicting writes. Plain
        # loops, not comprehensions: each of those is a function call, and most commits
        # change one row.
        touched = []
        for name in _TABLES:
            rows = self._transactions.get(name)
            if rows is not None and rows.touched:
                touched.append((rows, rows.prepare()))
        self.inbox.check()
        events: list[DomainEvent] = []
        for rows, _ in touched:
            for aggregate in rows.seen():
                events += aggregate.pull_events()
        if len(events) > 1:
            events.sort(key=_occurred_at)
        for rows, changes in touched:
            if changes:
                rows.table.apply(changes)
        self._store.outbox += events
        self._store.inbox.update(self.inbox.added)
        self._discard()

    async def rollback(self) -> None:
        self._discard()

    def _discard(self) -> None:
        for rows in self._transactions.values():
            rows.discard()
        if self.inbox.added:
            self.inbox = InMemoryInbox(self._store.inbox)
