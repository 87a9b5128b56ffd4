"""Row <-> Todo translation, kept beside the table so a new column is one diff in one place.

Inside JSON columns, instants are RFC 3339 text in UTC, the naive series start is ISO text
without an offset, and reminder leads are whole seconds. Derived columns (`priority_rank`,
`next_reminder_at`) and the `todo_labels` rows are written for the queries and never read back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping

from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.ids import LabelId, ListId, ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.priority import Priority
from todo_core.domain.recurrence import Recurrence, RecurrenceMode
from todo_core.domain.reminder import (
    AbsoluteReminder,
    RelativeReminder,
    Reminder,
    ReminderSpec,
    ReminderStatus,
)
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo, TodoStatus

__all__ = ["next_reminder_at", "row_to_todo", "todo_label_rows", "todo_to_row"]

_SECOND = timedelta(seconds=1)


def todo_to_row(todo: Todo) -> dict[str, Any]:
    return {
        "id": todo.id,
        "owner_id": todo.owner_id,
        "list_id": todo.list_id,
        "parent_id": todo.parent_id,
        "title": todo.title.value,
        "notes": todo.notes.value,
        "status": todo.status.value,
        "priority": todo.priority.value,
        "priority_rank": todo.priority.rank,
        **_due_to_columns(todo.due),
        "due_deadline": todo.due_deadline,
        # Sorted, so equal label sets are equal JSON (and diffs of the column are quiet).
        "labels": sorted(str(label_id) for label_id in todo.labels),
        "reminders": [_reminder_to_json(reminder) for reminder in todo.reminders],
        "recurrence": _recurrence_to_json(todo.recurrence),
        "next_reminder_at": next_reminder_at(todo),
        "position": todo.position,
        "completed_at": todo.completed_at,
        "deleted_at": todo.deleted_at,
        "created_at": todo.created_at,
        "updated_at": todo.updated_at,
        "version": todo.version,
    }


def row_to_todo(row: RowMapping) -> Todo:
    return Todo(
        id=TodoId(row["id"]),
        owner_id=UserId(row["owner_id"]),
        list_id=None if row["list_id"] is None else ListId(row["list_id"]),
        parent_id=None if row["parent_id"] is None else TodoId(row["parent_id"]),
        title=Title(row["title"]),
        notes=Notes(row["notes"]),
        status=TodoStatus(row["status"]),
        priority=Priority(row["priority"]),
        due=_due_from_columns(row),
        due_deadline=row["due_deadline"],
        labels=frozenset(LabelId(UUID(label_id)) for label_id in row["labels"]),
        reminders=tuple(_reminder_from_json(item) for item in row["reminders"]),
        recurrence=_recurrence_from_json(row["recurrence"]),
        position=row["position"],
        completed_at=row["completed_at"],
        deleted_at=row["deleted_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


def todo_label_rows(todo: Todo) -> list[dict[str, Any]]:
    """The todo's rows in `todo_labels`, one per label, in label order (so that equal label sets
    give equal lists, which is how the repository sees that nothing changed)."""
    return [
        {
            "todo_id": todo.id,
            "label_id": label_id,
            "owner_id": todo.owner_id,
            "created_at": todo.created_at,
            "live": not todo.is_trashed,
        }
        for label_id in sorted(todo.labels)
    ]


def next_reminder_at(todo: Todo) -> datetime | None:
    """When the scheduler must next look at this todo: None while nothing can fire."""
    if todo.status is not TodoStatus.OPEN or todo.is_trashed:
        return None
    pending = [r.fire_at for r in todo.reminders if r.status is ReminderStatus.PENDING]
    return min(pending, default=None)


def _due_to_columns(due: Due | None) -> dict[str, Any]:
    columns: dict[str, Any] = {"due_date": None, "due_at": None, "due_timezone": None}
    if isinstance(due, DueDate):
        columns["due_date"] = due.on
    elif isinstance(due, DueDateTime):
        columns["due_at"] = due.at
        columns["due_timezone"] = due.time_zone.value
    return columns


def _due_from_columns(row: RowMapping) -> Due | None:
    if row["due_date"] is not None:
        return DueDate(row["due_date"])
    if row["due_at"] is None:
        return None
    zone = TimeZoneName(row["due_timezone"])
    # The same instant, shown in the zone it was set in, so event texts keep the local offset.
    return DueDateTime(row["due_at"].astimezone(zone.zone), zone)


def _instant_to_json(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _instant_from_json(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"stored instant {value!r} has no offset")
    return parsed.astimezone(UTC)


def _reminder_to_json(reminder: Reminder) -> dict[str, Any]:
    item: dict[str, Any] = {"id": str(reminder.id)}
    spec = reminder.spec
    if isinstance(spec, AbsoluteReminder):
        item |= {"kind": "at", "at": _instant_to_json(spec.at)}
    else:
        seconds, rest = divmod(spec.before_due, _SECOND)
        if rest:
            # Whole seconds is the stored format; losing a fraction silently would change the
            # reminder's identity (its spec) on the next load.
            raise ValueError("a reminder lead must be a whole number of seconds")
        item |= {"kind": "before_due", "before_due_seconds": seconds}
    item |= {"fire_at": _instant_to_json(reminder.fire_at), "status": reminder.status.value}
    return item


def _reminder_from_json(item: dict[str, Any]) -> Reminder:
    spec: ReminderSpec
    if item["kind"] == "at":
        spec = AbsoluteReminder(_instant_from_json(item["at"]))
    elif item["kind"] == "before_due":
        spec = RelativeReminder(timedelta(seconds=item["before_due_seconds"]))
    else:
        raise ValueError(f"unknown reminder kind {item['kind']!r}")
    return Reminder(
        id=ReminderId(UUID(item["id"])),
        spec=spec,
        fire_at=_instant_from_json(item["fire_at"]),
        status=ReminderStatus(item["status"]),
    )


def _recurrence_to_json(recurrence: Recurrence | None) -> dict[str, Any] | None:
    if recurrence is None:
        return None
    return {
        "rule": recurrence.rule,
        "mode": recurrence.mode.value,
        # Naive on purpose: a wall-clock time, whatever zone the due is in.
        "series_start": recurrence.series_start.isoformat(),
        "completed_occurrences": recurrence.completed_occurrences,
    }


def _recurrence_from_json(item: dict[str, Any] | None) -> Recurrence | None:
    if item is None:
        return None
    return Recurrence(
        rule=item["rule"],
        mode=RecurrenceMode(item["mode"]),
        series_start=datetime.fromisoformat(item["series_start"]),
        completed_occurrences=item["completed_occurrences"],
    )
