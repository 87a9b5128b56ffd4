"""Move a todo to another of the owner's lists and/or another position; subtasks follow."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, TodoId, UserId
from todo_core.errors import ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.todo_context import live_todo, resolve_list
from todo_core.use_cases.todo_view import TodoView

__all__ = ["MoveTodo", "MoveTodoCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveTodoCommand:
    actor: UserId
    todo_id: TodoId
    # None keeps the current list.
    list_id: ListId | None = None
    # None puts it last in the target list.
    position: int | None = None
    expected_version: int | None = None


class MoveTodo:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: MoveTodoCommand) -> TodoView:
        if command.position is not None and command.position < 0:
            raise ValidationFailed("position must not be negative", field="position")
        now = self._clock.now()
        async with self._uow() as uow:
            todo = await live_todo(uow, command.actor, command.todo_id)
            todo.require_version(command.expected_version)
            if todo.parent_id is not None and command.list_id not in (None, todo.list_id):
                raise ValidationFailed("a subtask lives in its parent's list", field="list_id")
            target = command.list_id or todo.list_id
            target_list = await resolve_list(
                uow, command.actor, target, clock=self._clock, ids=self._ids
            )
            position = command.position
            if position is None:
                last = await uow.todos.last_position(command.actor, target_list.id)
                position = 0 if last is None else last + 1
            todo.move(list_id=target_list.id, position=position, now=now)
            for child in await uow.todos.children_of(command.actor, todo.id):
                if child.list_id != target_list.id and not child.is_trashed:
                    child.move(list_id=target_list.id, position=child.position, now=now)
            await uow.commit()
        return TodoView.of(todo)
