"""When a user's daily digest is due: a local time on a local date, in the user's zone.

A digest belongs to a local date and goes out at most once for it. Its moment is the first
instant of that date whose wall-clock time is at or after the chosen time: on a spring-forward
day a time inside the gap (02:30 in Berlin) becomes the first valid time after it (03:00), and
on a fall-back day a repeated time counts at its first occurrence (the date is then taken, so
the second one sends nothing).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = ["DEFAULT_DIGEST_TIME", "digest_moment", "next_digest_moment"]

DEFAULT_DIGEST_TIME = time(7, 0)


def digest_moment(day: date, at: time, zone: tzinfo) -> datetime:
    """The first instant (UTC) of local date `day` in `zone` whose wall time is >= `at`."""
    wanted = (day, at)
    local = datetime.combine(day, at, tzinfo=zone)
    # The two readings of an ambiguous or missing wall time; one and the same otherwise.
    first, second = sorted(
        (local.replace(fold=0).astimezone(UTC), local.replace(fold=1).astimezone(UTC))
    )
    if _wall(first, zone) >= wanted:
        return first
    # `at` falls in a gap (clocks jumped over it): the answer is the gap's end, which lies
    # between the two readings. Bisect on whole seconds, as zones move their clocks.
    low, high = int(first.timestamp()), int(second.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if _wall(datetime.fromtimestamp(middle, UTC), zone) >= wanted:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def next_digest_moment(
    now: datetime, at: time, zone: tzinfo, sent_on: date | None, *, late_today: bool
) -> datetime:
    """When the next digest is due: today's (local) if none was sent for today, else
    tomorrow's. With `late_today`, today's is returned even when its moment has passed (it is
    then due at once, late but on its own day); without, a passed moment means tomorrow's.
    """
    today = now.astimezone(zone).date()
    if sent_on is None or sent_on < today:
        moment = digest_moment(today, at, zone)
        if late_today or moment > now:
            return moment
    return digest_moment(max(today, sent_on or today) + timedelta(days=1), at, zone)


def _wall(instant: datetime, zone: tzinfo) -> tuple[date, time]:
    local = instant.astimezone(zone)
    return local.date(), local.time().replace(tzinfo=None)
