"""Request bodies -> the core's input values: due, reminders, recurrence, priority, a PATCH.

The body shapes (`todo_schemas`) check types; this module checks what a type cannot say (one
of two forms of a due or a reminder, an ISO 8601 lead) and names the offending field the way a
client wrote it (`due.timezone`, `reminders[1].before_due`). The domain checks the rest.
"""

from __future__ import annotations

from msgspec import UNSET

from entrypoints.http.iso_duration import parse_duration
from entrypoints.http.todo_schemas import (
    DueBody,
    PriorityName,
    RecurrenceBody,
    ReminderBody,
    UpdateTodoRequest,
)
from entrypoints.http.unset_fields import unless_unset
from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.priority import Priority
from todo_core.domain.reminder import AbsoluteReminder, RelativeReminder, ReminderSpec
from todo_core.domain.time_zone import TimeZoneName
from todo_core.errors import ValidationFailed
from todo_core.use_cases import UNSET as UNCHANGED
from todo_core.use_cases import PatchTodoCommand, RecurrenceInput

__all__ = ["due_from", "patch_command", "priority_from", "recurrence_from", "reminders_from"]


def due_from(body: DueBody | None) -> Due | None:
    if body is None:
        return None
    if body.date is not UNSET and body.datetime is UNSET and body.timezone is UNSET:
        return DueDate(body.date)
    if body.date is UNSET and body.datetime is not UNSET and body.timezone is not UNSET:
        try:
            zone = TimeZoneName.parse(body.timezone)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="due.timezone") from exc
        return DueDateTime(body.datetime, zone)
    raise ValidationFailed(
        'due is either {"date": "YYYY-MM-DD"} or {"datetime": RFC 3339, "timezone": IANA name}',
        field="due",
    )


def reminders_from(bodies: list[ReminderBody]) -> tuple[ReminderSpec, ...]:
    return tuple(_reminder(body, f"reminders[{index}]") for index, body in enumerate(bodies))


def recurrence_from(body: RecurrenceBody | None) -> RecurrenceInput | None:
    return None if body is None else RecurrenceInput(rule=body.rrule, mode=body.mode)


def priority_from(name: PriorityName) -> Priority:
    return Priority(name)


def patch_command(body: UpdateTodoRequest, actor: UserId, todo_id: TodoId) -> PatchTodoCommand:
    return PatchTodoCommand(
        actor=actor,
        todo_id=todo_id,
        title=unless_unset(body.title),
        notes=unless_unset(body.notes),
        priority=UNCHANGED if body.priority is UNSET else priority_from(body.priority),
        due=UNCHANGED if body.due is UNSET else due_from(body.due),
        labels=(
            UNCHANGED if body.labels is UNSET else tuple(LabelId(label) for label in body.labels)
        ),
        reminders=UNCHANGED if body.reminders is UNSET else reminders_from(body.reminders),
        recurrence=UNCHANGED if body.recurrence is UNSET else recurrence_from(body.recurrence),
        list_id=UNCHANGED if body.list_id is UNSET else ListId(body.list_id),
        position=unless_unset(body.position),
        parent_id=unless_unset(body.parent_id),
    )


def _reminder(body: ReminderBody, field: str) -> ReminderSpec:
    if body.at is not UNSET and body.before_due is UNSET:
        return AbsoluteReminder(body.at)
    if body.at is UNSET and body.before_due is not UNSET:
        try:
            lead = parse_duration(body.before_due)
        except ValueError as exc:
            raise ValidationFailed(str(exc), field=f"{field}.before_due") from exc
        return RelativeReminder(lead)
    raise ValidationFailed(
        'a reminder is either {"at": RFC 3339} or {"before_due": ISO 8601 duration}', field=field
    )
