"""Change some fields of a todo: only the fields given change; None clears a clearable one."""

from __future__ import annotations

from dataclasses import dataclass
from types import EllipsisType

from todo_core.domain.due import Due
from todo_core.domain.ids import LabelId, ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.priority import Priority
from todo_core.domain.recurrence import Recurrence
from todo_core.domain.reminder import ReminderSpec
from todo_core.domain.title import Title
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.recurrence_schedule import build_recurrence
from todo_core.use_cases.todo_context import live_todo, owner_zone, require_labels
from todo_core.use_cases.todo_inputs import UNSET, RecurrenceInput, Unset
from todo_core.use_cases.todo_view import TodoView

__all__ = ["UpdateTodo", "UpdateTodoCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateTodoCommand:
    actor: UserId
    todo_id: TodoId
    expected_version: int | None = None
    title: str | Unset = UNSET
    notes: str | Unset = UNSET
    priority: Priority | Unset = UNSET
    due: Due | Unset | None = UNSET
    labels: tuple[LabelId, ...] | Unset = UNSET
    reminders: tuple[ReminderSpec, ...] | Unset = UNSET
    recurrence: RecurrenceInput | Unset | None = UNSET


class UpdateTodo:
    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        recurrence: RecurrenceRule | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._rules = recurrence

    async def __call__(self, command: UpdateTodoCommand) -> TodoView:
        title = None if isinstance(command.title, Unset) else Title.parse(command.title)
        notes = None if isinstance(command.notes, Unset) else Notes(command.notes)
        async with self._uow() as uow:
            todo = await live_todo(uow, command.actor, command.todo_id)
            todo.require_version(command.expected_version)
            due: Due | EllipsisType | None = ... if isinstance(command.due, Unset) else command.due
            recurrence: Recurrence | EllipsisType | None = ...
            if command.recurrence is None:
                recurrence = None
            elif not isinstance(command.recurrence, Unset):
                effective_due = todo.due if isinstance(due, EllipsisType) else due
                recurrence = build_recurrence(command.recurrence, effective_due, self._rules)
            labels = (
                None
                if isinstance(command.labels, Unset)
                else await require_labels(uow, command.actor, command.labels)
            )
            todo.edit(
                now=self._clock.now(),
                owner_zone=await owner_zone(uow, command.actor),
                title=title,
                notes=notes,
                priority=None if isinstance(command.priority, Unset) else command.priority,
                due=due,
                labels=labels,
                reminders=None if isinstance(command.reminders, Unset) else command.reminders,
                recurrence=recurrence,
                new_reminder_id=lambda: ReminderId(self._ids.new_id()),
            )
            await uow.commit()
        return TodoView.of(todo)
