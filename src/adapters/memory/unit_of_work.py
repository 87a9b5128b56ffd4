"""A unit of work over the in-memory store with real transaction semantics.

Changes stay private to the unit until `commit()`; leaving the block without a commit throws
them away; events reach the store's outbox only on commit, in the order they were recorded.
"""

from __future__ import annotations

import copy
from types import TracebackType
from typing import Self

from adapters.memory.store import InMemoryStore
from adapters.memory.todo_repository import InMemoryTodoRepository
from todo_core.ports.unit_of_work import UnitOfWork

__all__ = ["InMemoryUnitOfWork"]


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.todos: InMemoryTodoRepository = InMemoryTodoRepository(store)

    async def __aenter__(self) -> Self:
        self.todos = InMemoryTodoRepository(self._store)
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
            events = [event for todo in self.todos.seen for event in todo.pull_events()]
            events.sort(key=lambda event: event.occurred_at)
            # Copies, so objects the caller still holds cannot change committed state.
            self._store.todos.update(copy.deepcopy(self.todos.pending))
            self._store.outbox.extend(events)
        self.todos = InMemoryTodoRepository(self._store)

    async def rollback(self) -> None:
        self.todos = InMemoryTodoRepository(self._store)
