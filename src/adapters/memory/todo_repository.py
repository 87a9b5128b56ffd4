"""Todos in memory, read through a unit of work's private changes onto the committed store."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from adapters.memory.store import InMemoryStore
from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.todo import Todo
from todo_core.errors import Conflict
from todo_core.ports.todo_repository import TodoRepository

__all__ = ["InMemoryTodoRepository"]


class InMemoryTodoRepository(TodoRepository):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        # Uncommitted changes of this unit of work only; other units never see them.
        self.pending: dict[TodoId, Todo] = {}
        self.seen: set[Todo] = set()

    async def add(self, todo: Todo) -> None:
        if todo.id in self.pending or todo.id in self._store.todos:
            raise Conflict(f"todo {todo.id} already exists")
        self.pending[todo.id] = todo
        self.seen.add(todo)

    async def get(self, owner_id: UserId, todo_id: TodoId) -> Todo | None:
        todo = self._visible().get(todo_id)
        if todo is None or todo.owner_id != owner_id:
            return None
        return self._track(todo)

    async def list_newest_first(
        self, owner_id: UserId, *, limit: int, before: TodoId | None = None
    ) -> Sequence[Todo]:
        owned = (
            todo
            for todo in self._visible().values()
            if todo.owner_id == owner_id and (before is None or todo.id < before)
        )
        newest = sorted(owned, key=lambda todo: todo.id, reverse=True)[:limit]
        return [self._track(todo) for todo in newest]

    def _visible(self) -> dict[TodoId, Todo]:
        return self._store.todos | self.pending

    def _track(self, todo: Todo) -> Todo:
        # Callers get their own copy, so changing it without a commit cannot leak into the store.
        if todo.id not in self.pending:
            todo = copy.deepcopy(todo)
            self.pending[todo.id] = todo
        self.seen.add(self.pending[todo.id])
        return self.pending[todo.id]
