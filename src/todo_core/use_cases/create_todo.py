"""Create a todo for the acting user, in a list of theirs or in their Inbox."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.due import Due
from todo_core.domain.ids import LabelId, ListId, ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.priority import Priority
from todo_core.domain.reminder import ReminderSpec
from todo_core.domain.time_zone import UTC_ZONE
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.errors import ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.recurrence_schedule import build_recurrence
from todo_core.use_cases.shared.todo_context import (
    live_parent,
    owner_zone,
    require_labels,
    resolve_list,
)
from todo_core.use_cases.shared.todo_inputs import RecurrenceInput
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["CreateTodo", "CreateTodoCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTodoCommand:
    actor: UserId
    title: str
    notes: str = ""
    list_id: ListId | None = None
    parent_id: TodoId | None = None
    priority: Priority = Priority.NONE
    due: Due | None = None
    labels: tuple[LabelId, ...] = ()
    reminders: tuple[ReminderSpec, ...] = ()
    recurrence: RecurrenceInput | None = None


class CreateTodo:
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

    async def __call__(self, command: CreateTodoCommand) -> TodoView:
        # Validate what needs no storage before opening a transaction.
        title = Title.parse(command.title)
        notes = Notes(command.notes)
        recurrence = (
            None
            if command.recurrence is None
            else build_recurrence(command.recurrence, command.due, self._rules)
        )
        async with self._uow() as uow:
            list_id = command.list_id
            if command.parent_id is not None:
                parent = await live_parent(uow, command.actor, command.parent_id)
                if list_id is not None and list_id != parent.list_id:
                    raise ValidationFailed("a subtask lives in its parent's list", field="list_id")
                list_id = parent.list_id
            todo_list = await resolve_list(
                uow, command.actor, list_id, clock=self._clock, ids=self._ids
            )
            last = await uow.todos.last_position(command.actor, todo_list.id)
            # The owner's zone only places a due and reminders in time.
            zone = UTC_ZONE
            if command.due is not None or command.reminders:
                zone = await owner_zone(uow, command.actor)
            todo = Todo.create(
                todo_id=TodoId(self._ids.new_id()),
                owner_id=command.actor,
                title=title,
                notes=notes,
                now=self._clock.now(),
                list_id=todo_list.id,
                parent_id=command.parent_id,
                priority=command.priority,
                due=command.due,
                labels=await require_labels(uow, command.actor, command.labels),
                reminders=command.reminders,
                recurrence=recurrence,
                position=0 if last is None else last + 1,
                owner_zone=zone,
                new_reminder_id=lambda: ReminderId(self._ids.new_id()),
            )
            await uow.todos.add(todo)
            await uow.commit()
        return TodoView.of(todo)
