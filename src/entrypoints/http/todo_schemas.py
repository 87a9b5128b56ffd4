"""The JSON shapes of the todo resource (request and response), separate from the domain.

Request bodies forbid unknown fields: what a client may write is exactly what is declared here,
so an id, an owner, a version or a timestamp in a body is refused (422), never assigned. In a
PATCH, a field left out is `UNSET` (unchanged) and an explicit `null` clears it.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from entrypoints.http import field_rules
from entrypoints.http.iso_duration import format_duration
from entrypoints.http.strict_struct_schema import PatchBody
from todo_core.domain.calendar_range import RANGE_TEXT
from todo_core.domain.due import Due, DueDate
from todo_core.domain.recurrence import Recurrence
from todo_core.domain.reminder import AbsoluteReminder, Reminder
from todo_core.domain.title import MAX_TITLE_LENGTH
from todo_core.use_cases import TodoPage, TodoView

__all__ = [
    "MAX_POSITION",
    "CreateTodoRequest",
    "DueBody",
    "ModeName",
    "PriorityName",
    "RecurrenceBody",
    "ReminderBody",
    "ReminderResource",
    "StatusName",
    "TodoPageResource",
    "TodoResource",
    "UpdateTodoRequest",
]

PriorityName = Literal["none", "low", "medium", "high", "urgent"]
StatusName = Literal["open", "done"]
ModeName = Literal["due", "completion"]
# The todo's `position` column is a 32-bit integer.
MAX_POSITION = 2_147_483_647
# Each label is looked up when it is set: the bound keeps one request's work small.
_MAX_LABELS = 100

# The domain refuses other days (422); stated here so that clients and fuzzers know.
_DAY_IN_RANGE = f"On a day {RANGE_TEXT}, as written (in its own UTC offset)."
# Checked by the domain (a title after trimming) and stated by `field_rules`; these bounds
# only cap the body.
TitleText = Annotated[
    str, msgspec.Meta(max_length=10_000, extra_json_schema=field_rules.one_line(MAX_TITLE_LENGTH))
]
NotesText = Annotated[str, msgspec.Meta(max_length=100_000, extra_json_schema=field_rules.NOTES)]
Labels = Annotated[list[UUID], msgspec.Meta(max_length=_MAX_LABELS)]
Position = Annotated[int, msgspec.Meta(ge=0, le=MAX_POSITION)]


class DueBody(msgspec.Struct, forbid_unknown_fields=True):
    """Either `{"date": "YYYY-MM-DD"}` (due all day) or `{"datetime": RFC 3339, "timezone":
    IANA name}` (due at an instant, kept with the zone it was set in)."""

    date: Annotated[dt.date, msgspec.Meta(description=_DAY_IN_RANGE)] | UnsetType = UNSET
    datetime: (
        Annotated[dt.datetime, msgspec.Meta(tz=True, description=_DAY_IN_RANGE)] | UnsetType
    ) = UNSET
    timezone: (
        Annotated[str, msgspec.Meta(max_length=64, extra_json_schema=field_rules.TIME_ZONE)]
        | UnsetType
    ) = UNSET


class ReminderBody(msgspec.Struct, forbid_unknown_fields=True):
    """Either `{"at": RFC 3339}` or `{"before_due": ISO 8601 duration such as "PT30M"}`."""

    at: Annotated[dt.datetime, msgspec.Meta(tz=True, description=_DAY_IN_RANGE)] | UnsetType = UNSET
    before_due: Annotated[str, msgspec.Meta(max_length=64)] | UnsetType = UNSET


class ReminderResource(msgspec.Struct, kw_only=True):
    """A reminder as sent, with `fire_at`: when it fires, computed by the server."""

    at: dt.datetime | UnsetType = UNSET
    before_due: str | UnsetType = UNSET
    fire_at: dt.datetime


class RecurrenceBody(msgspec.Struct, forbid_unknown_fields=True):
    """An RFC 5545 rule (`FREQ=WEEKLY;BYDAY=MO`); the next due counts from the previous due
    (`due`) or from the completion (`completion`)."""

    rrule: Annotated[str, msgspec.Meta(max_length=500)]
    mode: ModeName = "due"


class CreateTodoRequest(msgspec.Struct, forbid_unknown_fields=True):
    title: TitleText
    notes: NotesText = ""
    # None (or left out): the Inbox; a subtask always lives in its parent's list.
    list_id: UUID | None = None
    parent_id: UUID | None = None
    priority: PriorityName = "none"
    due: DueBody | None = None
    labels: Labels = msgspec.field(default_factory=list)
    reminders: list[ReminderBody] = msgspec.field(default_factory=list)
    recurrence: RecurrenceBody | None = None


class UpdateTodoRequest(PatchBody):
    """Only the fields sent change (at least one); `null` clears `due` or `recurrence`.
    `list_id` and `position` move the todo (its subtasks follow it to another list);
    `"parent_id": null` makes a subtask a todo of its own, in the same list."""

    title: TitleText | UnsetType = UNSET
    notes: NotesText | UnsetType = UNSET
    priority: PriorityName | UnsetType = UNSET
    due: DueBody | UnsetType | None = UNSET
    labels: Labels | UnsetType = UNSET
    reminders: list[ReminderBody] | UnsetType = UNSET
    recurrence: RecurrenceBody | UnsetType | None = UNSET
    list_id: UUID | UnsetType = UNSET
    position: Position | UnsetType = UNSET
    parent_id: UnsetType | None = UNSET


class TodoResource(msgspec.Struct):
    id: UUID
    list_id: UUID | None
    parent_id: UUID | None
    title: str
    notes: str
    status: StatusName
    priority: PriorityName
    due: DueBody | None
    labels: list[UUID]
    reminders: list[ReminderResource]
    recurrence: RecurrenceBody | None
    position: int
    version: int
    completed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, view: TodoView) -> TodoResource:
        return cls(
            id=view.id,
            list_id=view.list_id,
            parent_id=view.parent_id,
            title=view.title,
            notes=view.notes,
            status=view.status.value,
            priority=view.priority.value,
            due=_due(view.due),
            labels=list(view.labels),
            reminders=[_reminder(reminder) for reminder in view.reminders],
            recurrence=_recurrence(view.recurrence),
            position=view.position,
            version=view.version,
            completed_at=view.completed_at,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class TodoPageResource(msgspec.Struct):
    items: list[TodoResource]
    # None on the last page; otherwise send it back as `cursor` for the next page.
    next_cursor: str | None

    @classmethod
    def of(cls, page: TodoPage) -> TodoPageResource:
        return cls(
            items=[TodoResource.of(view) for view in page.items], next_cursor=page.next_cursor
        )


def _due(due: Due | None) -> DueBody | None:
    if due is None:
        return None
    if isinstance(due, DueDate):
        return DueBody(date=due.on)
    # Shown in its own zone, so the clock time reads as it was set, whatever offset it came with.
    return DueBody(datetime=due.at.astimezone(due.time_zone.zone), timezone=due.time_zone.value)


def _reminder(reminder: Reminder) -> ReminderResource:
    spec, fire_at = reminder.spec, reminder.fire_at.astimezone(UTC)
    if isinstance(spec, AbsoluteReminder):
        return ReminderResource(fire_at=fire_at, at=spec.at.astimezone(UTC))
    return ReminderResource(fire_at=fire_at, before_due=format_duration(spec.before_due))


def _recurrence(recurrence: Recurrence | None) -> RecurrenceBody | None:
    if recurrence is None:
        return None
    return RecurrenceBody(rrule=recurrence.rule, mode=recurrence.mode.value)
