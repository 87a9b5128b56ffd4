"""What happens to todos, as facts a consumer can act on without reading the todo back.

Dues travel as text: `YYYY-MM-DD` for a whole day, RFC 3339 with offset for an instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import ListId, ReminderId, TodoId, UserId

__all__ = [
    "ReminderDue",
    "ReminderMissed",
    "TodoCompleted",
    "TodoCreated",
    "TodoEvent",
    "TodoOccurrenceCompleted",
    "TodoPurged",
    "TodoReopened",
    "TodoRestored",
    "TodoTrashed",
    "TodoUpdated",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "todo"

    todo_id: TodoId
    owner_id: UserId

    @property
    def aggregate_id(self) -> UUID:
        return self.todo_id


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoCreated(TodoEvent):
    event_name: ClassVar[str] = "created"

    title: str
    list_id: ListId | None = None
    due: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoUpdated(TodoEvent):
    event_name: ClassVar[str] = "updated"

    # Names of the fields that changed, in a stable order.
    changed: tuple[str, ...]
    title: str
    due: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoCompleted(TodoEvent):
    event_name: ClassVar[str] = "completed"

    title: str
    completed_at: datetime
    # True when a recurring todo's rule ran out with this completion.
    series_ended: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoOccurrenceCompleted(TodoEvent):
    event_name: ClassVar[str] = "occurrence_completed"

    title: str
    completed_at: datetime
    occurrence_due: str
    next_due: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoReopened(TodoEvent):
    event_name: ClassVar[str] = "reopened"


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoTrashed(TodoEvent):
    event_name: ClassVar[str] = "trashed"


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoRestored(TodoEvent):
    event_name: ClassVar[str] = "restored"


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoPurged(TodoEvent):
    event_name: ClassVar[str] = "purged"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderDue(TodoEvent):
    """`fire_at` is when the reminder was meant for, `fired_at` when it went out: a consumer
    can tell a late one (after an outage) by their difference."""

    event_name: ClassVar[str] = "reminder_due"

    reminder_id: ReminderId
    fire_at: datetime
    fired_at: datetime
    title: str
    due: str | None
    # The mailer needs an address; None when the owner has no account record.
    owner_email: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderMissed(TodoEvent):
    """A reminder found more than the allowed lateness after its moment (a long outage): it
    is not sent, so that people are not flooded with stale reminders, but it is on record."""

    event_name: ClassVar[str] = "reminder_missed"

    reminder_id: ReminderId
    fire_at: datetime
    missed_at: datetime
    title: str
