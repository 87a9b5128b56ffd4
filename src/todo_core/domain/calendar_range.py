"""The days a due or a reminder may fall on: 1900-01-01 to 9998-12-31.

One range for every date a user writes: a due date, the date of a due date-time and of a
reminder's instant, each read as written (in its own UTC offset). The ends are chosen so the
arithmetic on them can never leave Python's calendar (years 1 to 9999):

- a year of room on each side holds every moment derived from a written one: a whole-day due
  is overdue from the next day's midnight, a reminder fires up to 365 days before its due, and
  UTC offsets move an instant by less than a day;
- a recurring series ends at the last day (the RecurrenceRule port stops there), so completing
  an occurrence never moves a due out of the range;
- a year before 1900 is almost always a typo ("0026" for "2026"), which is better refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.reminder import AbsoluteReminder, ReminderSpec
from todo_core.errors import ValidationFailed

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "RANGE_TEXT",
    "check_dates",
    "in_range",
    "require_in_range",
    "utc_clamped",
]

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)
RANGE_TEXT = f"from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"

_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)


def in_range(moment: date | datetime) -> bool:
    """Whether a date, or a date-time's own calendar date (as written), is in the range."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return FIRST_DAY <= day <= LAST_DAY


def require_in_range(moment: date | datetime, *, what: str, field: str) -> None:
    if not in_range(moment):
        raise ValidationFailed(f"{what} must fall on a day {RANGE_TEXT}", field=field)


def check_dates(due: Due | None, specs: Iterable[ReminderSpec] = ()) -> None:
    """A due and reminder instants a user gives fall in the range. (Stored ones are not
    checked when read: one from before the range existed stays until it is changed.)"""
    if isinstance(due, DueDate):
        require_in_range(due.on, what="a due date", field="due")
    elif isinstance(due, DueDateTime):
        require_in_range(due.at, what="a due time", field="due")
    for spec in specs:
        if isinstance(spec, AbsoluteReminder):
            require_in_range(spec.at, what="a reminder time", field="reminders")


def utc_clamped(moment: datetime) -> datetime:
    """`moment` in UTC, or the first or last instant Python has when it lies beyond them.

    Only an instant within a day of year 1 or 9999 can (`0001-01-01T00:00:00+14:00`); nothing
    stored is that far out, so comparing with the clamped value gives the same answers.
    """
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return _EARLIEST if moment.year == 1 else _LATEST
