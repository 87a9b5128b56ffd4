"""Delete a trashed todo for good, with its subtasks. Only trashed todos can be purged."""

from __future__ import annotations

from todo_core.domain.todo_events import TodoPurged
from todo_core.errors import Conflict, NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.todo_command import TodoCommand

__all__ = ["PurgeTodo"]


class PurgeTodo:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: TodoCommand) -> None:
        now = self._clock.now()
        async with self._uow() as uow:
            todo = await uow.todos.get(command.actor, command.todo_id)
            if todo is None:
                raise NotFound(f"todo {command.todo_id} not found")
            if not todo.is_trashed:
                raise Conflict("only a todo in the trash can be purged: trash it first")
            todo.require_version(command.expected_version)
            for doomed in [*await uow.todos.children_of(command.actor, todo.id), todo]:
                doomed.record(
                    TodoPurged(occurred_at=now, todo_id=doomed.id, owner_id=doomed.owner_id)
                )
                await uow.todos.remove(doomed)
            await uow.commit()
