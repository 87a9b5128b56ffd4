"""Fetch one of the acting user's todos (not one in the trash)."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import TodoId, UserId
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.todo_context import live_todo
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["GetTodo", "GetTodoQuery"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GetTodoQuery:
    actor: UserId
    todo_id: TodoId


class GetTodo:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetTodoQuery) -> TodoView:
        async with self._uow() as uow:
            todo = await live_todo(uow, query.actor, query.todo_id)
        return TodoView.of(todo)
