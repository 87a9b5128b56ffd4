"""When a todo is due: a whole day, or an instant with the time zone it was set in.

The two stay distinct on purpose. "Pay rent on the 1st" is due all day and becomes overdue only
when that day has ended where its owner lives; "call at 15:00 New York time" is due at one
instant. Each knows its `deadline`: the instant after which it is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from todo_core.domain.time_zone import TimeZoneName
from todo_core.errors import ValidationFailed

__all__ = ["Due", "DueDate", "DueDateTime"]


@dataclass(frozen=True, slots=True)
class DueDate:
    on: date

    def deadline(self, owner_zone: TimeZoneName) -> datetime:
        """The start of the next day in the owner's zone: the first overdue instant."""
        local = datetime.combine(self.on + timedelta(days=1), time(0), tzinfo=owner_zone.zone)
        # Kept in UTC: a local midnight that falls in a clock change never compares equal to
        # the same instant written with a fixed offset (PEP 495), which breaks keyset paging.
        return local.astimezone(UTC)

    def wall_time(self) -> datetime:
        """Midnight of the day as a naive wall-clock time, for recurrence expansion."""
        return datetime.combine(self.on, time(0))

    def moved_to(self, wall_time: datetime) -> DueDate:
        return DueDate(wall_time.date())


@dataclass(frozen=True, slots=True)
class DueDateTime:
    at: datetime
    time_zone: TimeZoneName

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValidationFailed("a due time needs a UTC offset", field="due")

    def deadline(self, owner_zone: TimeZoneName) -> datetime:
        return self.at

    def wall_time(self) -> datetime:
        """The local clock time in the due's own zone, so 09:00 stays 09:00 across DST."""
        return self.at.astimezone(self.time_zone.zone).replace(tzinfo=None)

    def moved_to(self, wall_time: datetime) -> DueDateTime:
        # fold=0 picks the first of two ambiguous instants; a wall time in a DST gap moves on.
        instant = wall_time.replace(tzinfo=self.time_zone.zone).astimezone(UTC)
        local = instant.astimezone(self.time_zone.zone)
        # A fixed offset, as parsed RFC 3339 text has: a zoneinfo time in a gap or a repeated
        # hour never compares equal to the same instant in another zone (PEP 495).
        return DueDateTime(
            local.astimezone(timezone(local.utcoffset() or timedelta(0))), self.time_zone
        )


Due = DueDate | DueDateTime
