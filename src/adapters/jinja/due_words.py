"""A due in words, in the reader's time zone and relative to when the mail is written:
"due today at 14:00", "due tomorrow", "due on Friday 18 December at 09:00", "was due
yesterday at 17:00".

Dues arrive as the events carry them: `YYYY-MM-DD` (a whole day) or RFC 3339 with an offset.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["due_in_words", "local_time"]

_WEEK = 7


def _day(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    if day == today - timedelta(days=1):
        return "yesterday"
    if today < day < today + timedelta(days=_WEEK):
        return f"on {day:%A}"
    year = "" if day.year == today.year else f" {day.year}"
    return f"on {day:%A} {day.day} {day:%B}{year}"


def local_time(due: str, zone: ZoneInfo) -> datetime | None:
    """The instant of a due with a time, in `zone`; None for a whole day."""
    if len(due) == len("YYYY-MM-DD"):
        return None
    return datetime.fromisoformat(due).astimezone(zone)


def due_in_words(due: str | None, zone: ZoneInfo, now: datetime) -> str:
    """The due as a phrase ("" without one)."""
    if not due:
        return ""
    today = now.astimezone(zone).date()
    at = local_time(due, zone)
    if at is None:
        day = date.fromisoformat(due)
        return f"{'was due' if day < today else 'due'} {_day(day, today)}"
    verb = "was due" if at < now else "due"
    return f"{verb} {_day(at.date(), today)} at {at:%H:%M}"
