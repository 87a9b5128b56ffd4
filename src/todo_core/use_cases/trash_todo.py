"""Move a todo, and its subtasks, to the trash (restorable until purged)."""

from __future__ import annotations

from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.todo_command import TodoCommand
from todo_core.use_cases.shared.todo_context import live_todo
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["TrashTodo"]


class TrashTodo:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: TodoCommand) -> TodoView:
        now = self._clock.now()
        async with self._uow() as uow:
            todo = await live_todo(uow, command.actor, command.todo_id)
            todo.require_version(command.expected_version)
            todo.trash(now)
            for child in await uow.todos.children_of(command.actor, todo.id):
                # Same instant as the parent: restoring the parent restores exactly these.
                child.trash(now)
            await uow.commit()
        return TodoView.of(todo)
