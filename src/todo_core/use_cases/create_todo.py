"""Create a todo for the acting user."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.todo_view import TodoView

__all__ = ["CreateTodo", "CreateTodoCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTodoCommand:
    actor: UserId
    title: str
    notes: str = ""


class CreateTodo:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: CreateTodoCommand) -> TodoView:
        # Validate before opening a transaction: bad input never costs a connection.
        title = Title.parse(command.title)
        notes = Notes(command.notes)
        todo = Todo.create(
            todo_id=TodoId(self._ids.new_id()),
            owner_id=command.actor,
            title=title,
            notes=notes,
            now=self._clock.now(),
        )
        async with self._uow() as uow:
            await uow.todos.add(todo)
            await uow.commit()
        return TodoView.of(todo)
