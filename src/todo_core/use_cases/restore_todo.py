"""Bring a todo back from the trash, with the subtasks that were trashed along with it.

If its list was deleted meanwhile, it comes back in the Inbox rather than nowhere. A subtask
comes back into its parent's list, and not at all while its parent is in the trash.
"""

from __future__ import annotations

from todo_core.errors import Conflict, NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.todo_command import TodoCommand
from todo_core.use_cases.shared.todo_context import resolve_list
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["RestoreTodo"]


class RestoreTodo:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: TodoCommand) -> TodoView:
        now = self._clock.now()
        async with self._uow() as uow:
            todo = await uow.todos.get(command.actor, command.todo_id)
            if todo is None:
                raise NotFound(f"todo {command.todo_id} not found")
            todo.require_version(command.expected_version)
            parent = (
                None
                if todo.parent_id is None
                else await uow.todos.get(command.actor, todo.parent_id)
            )
            if todo.is_trashed and parent is not None and parent.is_trashed:
                raise Conflict("its parent is in the trash: restore the parent first")
            trashed_at = todo.deleted_at
            home = (
                None if todo.list_id is None else await uow.lists.get(command.actor, todo.list_id)
            )
            if todo.restore(now):
                if parent is not None and parent.list_id is not None:
                    # A subtask lives in its parent's list, wherever that went meanwhile.
                    if todo.list_id != parent.list_id:
                        todo.move(list_id=parent.list_id, position=todo.position, now=now)
                elif home is None or home.archived:
                    inbox = await resolve_list(
                        uow, command.actor, None, clock=self._clock, ids=self._ids
                    )
                    todo.move(list_id=inbox.id, position=todo.position, now=now)
                for child in await uow.todos.children_of(command.actor, todo.id):
                    if child.deleted_at == trashed_at:
                        child.restore(now)
                        if child.list_id != todo.list_id and todo.list_id is not None:
                            child.move(list_id=todo.list_id, position=child.position, now=now)
            await uow.commit()
        return TodoView.of(todo)
