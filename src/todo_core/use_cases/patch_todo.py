"""Change a todo: edit its fields, detach it from its parent, move it, in one transaction.

Only the fields given change (`UNSET` leaves one alone; None clears `due` or `recurrence` and,
for `parent_id`, makes a subtask a todo of its own). Everything is checked inside one unit of
work, so a change refused for any field leaves the todo exactly as it was.

The rules of a move: the target must be an active list of the owner's (else invalid input
naming `list_id`); a subtask lives in its parent's list (detach it first, in the same PATCH if
wanted); a todo's subtasks follow it to another list; without a position it goes last there;
naming the list it is in already, without a position, is no move.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from types import EllipsisType

from todo_core.domain.due import Due
from todo_core.domain.ids import LabelId, ListId, ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.priority import Priority
from todo_core.domain.recurrence import Recurrence
from todo_core.domain.reminder import ReminderSpec
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.errors import ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_core.use_cases.shared.partial_update import require_a_change
from todo_core.use_cases.shared.recurrence_schedule import build_recurrence
from todo_core.use_cases.shared.todo_context import (
    live_todo,
    owner_zone,
    require_labels,
    resolve_list,
)
from todo_core.use_cases.shared.todo_inputs import UNSET, RecurrenceInput, Unset
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["PatchTodo", "PatchTodoCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PatchTodoCommand:
    actor: UserId
    todo_id: TodoId
    # The version the caller last saw; None skips the check.
    expected_version: int | None = None
    title: str | Unset = UNSET
    notes: str | Unset = UNSET
    priority: Priority | Unset = UNSET
    due: Due | Unset | None = UNSET
    labels: tuple[LabelId, ...] | Unset = UNSET
    reminders: tuple[ReminderSpec, ...] | Unset = UNSET
    recurrence: RecurrenceInput | Unset | None = UNSET
    list_id: ListId | Unset = UNSET
    position: int | Unset = UNSET
    # Only None, which detaches a subtask from its parent.
    parent_id: Unset | None = UNSET

    def __post_init__(self) -> None:
        require_a_change(**self.given())

    def given(self) -> dict[str, bool]:
        """Per changeable field, whether the caller sent it."""
        return {
            field.name: getattr(self, field.name) is not UNSET
            for field in fields(self)
            if field.name not in _NOT_CHANGES
        }


_NOT_CHANGES = frozenset({"actor", "todo_id", "expected_version"})
_EDITS = ("title", "notes", "priority", "due", "labels", "reminders", "recurrence")


class PatchTodo:
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

    async def __call__(self, command: PatchTodoCommand) -> TodoView:
        # What needs no storage is checked before the transaction opens.
        given = command.given()
        title = None if isinstance(command.title, Unset) else Title.parse(command.title)
        notes = None if isinstance(command.notes, Unset) else Notes(command.notes)
        if not isinstance(command.position, Unset) and command.position < 0:
            raise ValidationFailed("position must not be negative", field="position")
        async with self._uow() as uow:
            todo = await live_todo(uow, command.actor, command.todo_id)
            todo.require_version(command.expected_version)
            now = self._clock.now()
            if any(given[name] for name in _EDITS):
                await self._edit(uow, todo, command, title=title, notes=notes, now=now)
            if command.parent_id is None:
                todo.detach(now)
            await self._move(uow, todo, command, now)
            await uow.commit()
        return TodoView.of(todo)

    async def _edit(  # noqa: PLR0913 - the parsed title and notes come with the command
        self,
        uow: UnitOfWork,
        todo: Todo,
        command: PatchTodoCommand,
        *,
        title: Title | None,
        notes: Notes | None,
        now: datetime,
    ) -> None:
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
            now=now,
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

    async def _move(
        self, uow: UnitOfWork, todo: Todo, command: PatchTodoCommand, now: datetime
    ) -> None:
        target = None if isinstance(command.list_id, Unset) else command.list_id
        position = None if isinstance(command.position, Unset) else command.position
        if target == todo.list_id and position is None:
            # Naming the list it is in already is no move (without a position it would go last).
            target = None
        if target is None and position is None:
            return
        if todo.parent_id is not None and target not in (None, todo.list_id):
            raise ValidationFailed("a subtask lives in its parent's list", field="list_id")
        target_list = await resolve_list(
            uow, command.actor, target or todo.list_id, clock=self._clock, ids=self._ids
        )
        if position is None:
            last = await uow.todos.last_position(command.actor, target_list.id)
            position = 0 if last is None else last + 1
        todo.move(list_id=target_list.id, position=position, now=now)
        for child in await uow.todos.children_of(command.actor, todo.id):
            if child.list_id != target_list.id and not child.is_trashed:
                child.move(list_id=target_list.id, position=child.position, now=now)
