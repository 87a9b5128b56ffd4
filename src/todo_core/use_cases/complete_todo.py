"""Complete a todo.

Completing a parent completes its open subtasks too: "done" for the whole means done for its
parts. A recurring todo instead completes its current occurrence and moves its due to the next
one; only when the rule has run out does it complete for good.
"""

from __future__ import annotations

from todo_core.domain.time_zone import UTC_ZONE
from todo_core.domain.todo import TodoStatus
from todo_core.ports.clock import Clock
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.recurrence_schedule import next_occurrence
from todo_core.use_cases.shared.todo_command import TodoCommand
from todo_core.use_cases.shared.todo_context import live_todo, owner_zone
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["CompleteTodo"]


class CompleteTodo:
    def __init__(
        self, *, uow: UnitOfWorkFactory, clock: Clock, recurrence: RecurrenceRule | None = None
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._rules = recurrence

    async def __call__(self, command: TodoCommand) -> TodoView:
        now = self._clock.now()
        async with self._uow() as uow:
            todo = await live_todo(uow, command.actor, command.todo_id)
            todo.require_version(command.expected_version)
            # The owner's zone only places the next occurrence of a recurring todo in time.
            zone = UTC_ZONE
            upcoming = None
            if todo.recurrence is not None and todo.due is not None and self._rules is not None:
                zone = await owner_zone(uow, command.actor)
                upcoming = next_occurrence(
                    todo.recurrence, todo.due, now=now, owner_zone=zone, rules=self._rules
                )
            changed = todo.complete(now=now, next_occurrence=upcoming, owner_zone=zone)
            # Only when this call finished it: a repeated complete must not redo the cascade.
            if changed and todo.status is TodoStatus.DONE:
                for child in await uow.todos.children_of(command.actor, todo.id):
                    if not child.is_trashed:
                        child.complete(now=now)
            await uow.commit()
        return TodoView.of(todo)
