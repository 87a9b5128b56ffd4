"""Reminders on a todo: at a fixed instant, or some time before the todo is due."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from todo_core.domain.ids import ReminderId
from todo_core.errors import ValidationFailed

__all__ = [
    "MAX_REMINDERS",
    "MAX_REMINDER_LEAD",
    "AbsoluteReminder",
    "RelativeReminder",
    "Reminder",
    "ReminderSpec",
    "ReminderStatus",
]

MAX_REMINDERS = 10
MAX_REMINDER_LEAD = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class AbsoluteReminder:
    at: datetime

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValidationFailed("a reminder time needs a UTC offset", field="reminders")


@dataclass(frozen=True, slots=True)
class RelativeReminder:
    before_due: timedelta

    def __post_init__(self) -> None:
        if not timedelta(0) <= self.before_due <= MAX_REMINDER_LEAD:
            raise ValidationFailed(
                "a reminder must be between 0 and 365 days before the due", field="reminders"
            )


ReminderSpec = AbsoluteReminder | RelativeReminder


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    # Completing or trashing the todo cancels; reopening or restoring re-arms future ones.
    CANCELLED = "cancelled"
    # Found too late to be worth sending (after a long outage): recorded, never sent.
    MISSED = "missed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reminder:
    id: ReminderId
    spec: ReminderSpec
    fire_at: datetime
    status: ReminderStatus

    def with_status(self, status: ReminderStatus) -> Reminder:
        return replace(self, status=status)

    def moved(self, fire_at: datetime, *, now: datetime) -> Reminder:
        """A reminder whose moment changed fires again if the new moment is still ahead."""
        status = ReminderStatus.PENDING if fire_at > now else ReminderStatus.CANCELLED
        return replace(self, fire_at=fire_at, status=status)
