"""When a todo's reminders fire, and how they follow the todo's life.

Pure functions over reminder tuples, so the Todo aggregate reads as its rules and this module
holds the arithmetic: a lead before the due is elapsed time, and a whole-day due is reminded
of relative to 09:00 local on that day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time

from todo_core.domain.due import Due, DueDateTime
from todo_core.domain.ids import ReminderId
from todo_core.domain.reminder import (
    MAX_REMINDERS,
    AbsoluteReminder,
    RelativeReminder,
    Reminder,
    ReminderSpec,
    ReminderStatus,
)
from todo_core.domain.time_zone import TimeZoneName
from todo_core.errors import ValidationFailed

__all__ = [
    "DAY_REMINDER_TIME",
    "build_reminders",
    "cancelled",
    "check_specs",
    "fire_at",
    "has_relative",
    "moved_with_due",
    "rearmed",
]

# Relative reminders on a whole-day due count back from this local time on that day: a
# reminder "1 hour before" a todo due on Friday fires at 08:00 on Friday, not at 23:00 Thursday.
DAY_REMINDER_TIME = time(9, 0)


def has_relative(specs: Iterable[ReminderSpec]) -> bool:
    return any(isinstance(spec, RelativeReminder) for spec in specs)


def check_specs(
    specs: tuple[ReminderSpec, ...], new_reminder_id: Callable[[], ReminderId] | None
) -> None:
    if len(specs) > MAX_REMINDERS:
        raise ValidationFailed(f"a todo has at most {MAX_REMINDERS} reminders", field="reminders")
    if specs and new_reminder_id is None:
        raise ValueError("new reminders need an id source")


def fire_at(spec: ReminderSpec, due: Due | None, owner_zone: TimeZoneName) -> datetime:
    if isinstance(spec, AbsoluteReminder):
        return spec.at
    if due is None:
        raise ValidationFailed("a reminder before the due needs a due", field="reminders")
    # In UTC: a lead is elapsed time, and aware arithmetic within one zone is wall-clock
    # arithmetic that a daylight-saving change would stretch or shrink.
    return _reference_instant(due, owner_zone).astimezone(UTC) - spec.before_due


def build_reminders(  # noqa: PLR0913 - each input changes the outcome
    specs: tuple[ReminderSpec, ...],
    *,
    existing: tuple[Reminder, ...],
    due: Due | None,
    owner_zone: TimeZoneName,
    now: datetime,
    new_reminder_id: Callable[[], ReminderId] | None,
) -> tuple[Reminder, ...]:
    """The reminders for `specs`; one that is unchanged keeps its id and state."""
    check_specs(specs, new_reminder_id)
    kept = {r.spec: r for r in existing}
    reminders: list[Reminder] = []
    for spec in specs:
        when = fire_at(spec, due, owner_zone)
        if spec in kept and kept[spec].fire_at == when:
            reminders.append(kept.pop(spec))
            continue
        assert new_reminder_id is not None  # noqa: S101 - check_specs made sure, for mypy
        status = ReminderStatus.PENDING if when > now else ReminderStatus.CANCELLED
        reminders.append(Reminder(id=new_reminder_id(), spec=spec, fire_at=when, status=status))
    return tuple(reminders)


def moved_with_due(
    reminders: tuple[Reminder, ...], due: Due, owner_zone: TimeZoneName, now: datetime
) -> tuple[Reminder, ...]:
    return tuple(
        r.moved(fire_at(r.spec, due, owner_zone), now=now)
        if isinstance(r.spec, RelativeReminder)
        else r
        for r in reminders
    )


def cancelled(reminders: tuple[Reminder, ...]) -> tuple[Reminder, ...]:
    return tuple(
        r.with_status(ReminderStatus.CANCELLED) if r.status is ReminderStatus.PENDING else r
        for r in reminders
    )


def rearmed(reminders: tuple[Reminder, ...], now: datetime) -> tuple[Reminder, ...]:
    """Cancelled reminders still ahead fire again; past ones stay silent."""
    return tuple(
        r.with_status(ReminderStatus.PENDING)
        if r.status is ReminderStatus.CANCELLED and r.fire_at > now
        else r
        for r in reminders
    )


def _reference_instant(due: Due, owner_zone: TimeZoneName) -> datetime:
    if isinstance(due, DueDateTime):
        return due.at
    return datetime.combine(due.on, DAY_REMINDER_TIME, tzinfo=owner_zone.zone)
