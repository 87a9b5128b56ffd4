"""When a daily digest is due: the chosen local time on a local date, across DST both ways, in
zones with whole-hour and half-hour offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from todo_core.domain.digest_schedule import digest_moment, next_digest_moment

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")  # UTC+05:30, no DST
ADELAIDE = ZoneInfo("Australia/Adelaide")  # +09:30 / +10:30: a half-hour zone with DST


@pytest.mark.parametrize(
    ("day", "at", "zone", "expected"),
    [
        # An ordinary day.
        (date(2026, 6, 1), time(7, 0), BERLIN, datetime(2026, 6, 1, 5, 0, tzinfo=UTC)),
        # Spring forward: 02:30 does not exist; the first valid time after it is 03:00.
        (date(2026, 3, 29), time(2, 30), BERLIN, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (date(2026, 3, 8), time(2, 30), NEW_YORK, datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        # Fall back: 02:30 (Berlin) and 01:30 (New York) happen twice; the first counts.
        (date(2026, 10, 25), time(2, 30), BERLIN, datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (date(2026, 11, 1), time(1, 30), NEW_YORK, datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        # Half-hour offsets.
        (date(2026, 6, 1), time(7, 0), KOLKATA, datetime(2026, 6, 1, 1, 30, tzinfo=UTC)),
        # Adelaide springs forward at 02:00 to 03:00 on 2026-10-04.
        (date(2026, 10, 4), time(2, 15), ADELAIDE, datetime(2026, 10, 3, 16, 30, tzinfo=UTC)),
    ],
)
def test_the_moment_of_a_days_digest(
    day: date, at: time, zone: ZoneInfo, expected: datetime
) -> None:
    moment = digest_moment(day, at, zone)
    assert moment == expected
    local = moment.astimezone(zone)
    assert local.date() == day
    assert local.time() >= at


def test_today_if_not_sent_and_still_ahead_else_tomorrow() -> None:
    now = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)  # 06:00 in Berlin
    today, tomorrow = date(2026, 6, 1), date(2026, 6, 2)
    seven = time(7, 0)

    assert next_digest_moment(now, seven, BERLIN, None, late_today=False) == digest_moment(
        today, seven, BERLIN
    )
    assert next_digest_moment(now, seven, BERLIN, today, late_today=False) == digest_moment(
        tomorrow, seven, BERLIN
    )
    later = now + timedelta(hours=3)  # 09:00, today's moment has passed
    assert next_digest_moment(later, seven, BERLIN, None, late_today=False) == digest_moment(
        tomorrow, seven, BERLIN
    )
    # After an outage, today's is still owed: due at once, late, on its own day.
    assert next_digest_moment(later, seven, BERLIN, None, late_today=True) == digest_moment(
        today, seven, BERLIN
    )
