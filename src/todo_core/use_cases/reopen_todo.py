"""Reopen a done todo; its reminders that are still ahead fire again."""

from __future__ import annotations

from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.todo_command import TodoCommand
from todo_core.use_cases.shared.todo_context import live_todo
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["ReopenTodo"]


class ReopenTodo:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: TodoCommand) -> TodoView:
        async with self._uow() as uow:
            todo = await live_todo(uow, command.actor, command.todo_id)
            todo.require_version(command.expected_version)
            todo.reopen(self._clock.now())
            await uow.commit()
        return TodoView.of(todo)
