"""A unit of work over the in-memory store with real transaction semantics.

Changes stay private to the unit until `commit()`; leaving the block without a commit throws
them away; commit applies every table or none (a stale write or a taken unique key fails the
whole commit); events reach the store's outbox only on commit, in the order they were recorded.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from operator import attrgetter
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, overload

from adapters.memory.email_jobs import InMemoryEmailJobQueue, InMemoryMailOptOuts
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
# Parts beside the tables whose uncommitted changes a unit keeps until commit or discard.
_SIDE_PARTS = frozenset({"inbox", "email_jobs", "mail_opt_outs"})


class _Part(Generic[R]):
    """A repository (or the inbox) of a unit of work, made on first use.

    A use case touches two or three tables and a unit of work lasts one call, so making all
    six parts and their transactions up front was most of the cost of a small one.
    """

    def __init__(self, make: Callable[[InMemoryUnitOfWork], R]) -> None:
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
        part = self._make(uow)
        # An instance attribute now: later reads find it without coming back here.
        uow.__dict__[self._name] = part
        return part


class InMemoryUnitOfWork(UnitOfWork):
    store: InMemoryStore
    users = _Part(lambda uow: InMemoryUserRepository(uow.begin("users")))
    refresh_tokens = _Part(lambda uow: InMemoryRefreshTokenRepository(uow.begin("refresh_tokens")))
    lists = _Part(lambda uow: InMemoryTodoListRepository(uow.begin("lists")))
    labels = _Part(lambda uow: InMemoryLabelRepository(uow.begin("labels")))
    todos = _Part(lambda uow: InMemoryTodoRepository(uow.begin("todos")))
    inbox = _Part(lambda uow: InMemoryInbox(uow.store.inbox))
    email_jobs = _Part(lambda _uow: InMemoryEmailJobQueue())
    mail_opt_outs = _Part(lambda uow: InMemoryMailOptOuts(uow.store.email_jobs.opt_outs))

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        # The transactions begun, by table rank: commit goes through them in table order.
        self._begun: list[tuple[int, TableTransaction[Any]]] = []

    def begin(self, table: str) -> TableTransaction[Any]:
        """A transaction of this unit over one of the store's tables (once per table)."""
        rows: InMemoryTable[Any] = getattr(self.store, table)
        begun = TableTransaction(rows)
        insort(self._begun, (_TABLES.index(table), begun))
        return begun

    async def __aenter__(self) -> Self:
        if self._begun or self.__dict__.keys() & _SIDE_PARTS:
            self._discard()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._begun or self.__dict__.keys() & _SIDE_PARTS:
            self._discard()

    async def commit(self) -> None:
        # Nothing below awaits: on the store's one event loop, a commit runs whole before any
        # other unit reads or commits, as a database serialises conflicting writes. Plain
        # loops, not comprehensions: each of those is a function call, and most commits
        # change one row.
        touched = []
        for _, rows in self._begun:
            if rows.touched:
                touched.append((rows, rows.prepare()))
        inbox = self._inbox()
        if inbox is not None:
            inbox.check()
        events: list[DomainEvent] = []
        for rows, _ in touched:
            events += rows.pull_events()
        if len(events) > 1:
            events.sort(key=_occurred_at)
        for rows, changes in touched:
            if changes:
                rows.table.apply(changes)
        self.store.outbox += events
        if inbox is not None:
            self.store.inbox.update(inbox.added)
        email_jobs: InMemoryEmailJobQueue | None = self.__dict__.get("email_jobs")
        if email_jobs is not None:
            email_jobs.apply(self.store.email_jobs)
        opt_outs: InMemoryMailOptOuts | None = self.__dict__.get("mail_opt_outs")
        if opt_outs is not None:
            opt_outs.apply()
        self._discard()

    async def rollback(self) -> None:
        self._discard()

    def _discard(self) -> None:
        for _, rows in self._begun:
            rows.discard()
        inbox = self._inbox()
        if inbox is not None and inbox.added:
            # A fresh one on next use.
            del self.__dict__["inbox"]
        self.__dict__.pop("email_jobs", None)
        self.__dict__.pop("mail_opt_outs", None)

    def _inbox(self) -> InMemoryInbox | None:
        """The inbox, if this unit has used it."""
        found: InMemoryInbox | None = self.__dict__.get("inbox")
        return found
