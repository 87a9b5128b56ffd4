"""Dues: when a whole-day due and a timed due become overdue, and how recurrence moves them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.unit.domain.todo_factory import BERLIN, wall, zone
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.errors import ValidationFailed

NEW_YORK = TimeZoneName("America/New_York")
AUCKLAND = TimeZoneName("Pacific/Auckland")


@pytest.mark.parametrize(
    ("owner_zone", "on", "first_overdue_instant"),
    [
        # Winter in Berlin (UTC+1): the 10th ends at 23:00 UTC.
        (BERLIN, date(2026, 3, 10), datetime(2026, 3, 10, 23, 0, tzinfo=UTC)),
        # The 29th is the spring-forward day: it ends at midnight CEST (UTC+2).
        (BERLIN, date(2026, 3, 29), datetime(2026, 3, 29, 22, 0, tzinfo=UTC)),
        # Auckland is a day ahead: its 15 January ends at 11:00 UTC (NZDT, UTC+13)...
        (AUCKLAND, date(2026, 1, 15), datetime(2026, 1, 15, 11, 0, tzinfo=UTC)),
        # ...and its 15 July at noon UTC (NZST, UTC+12).
        (AUCKLAND, date(2026, 7, 15), datetime(2026, 7, 15, 12, 0, tzinfo=UTC)),
        # New York in winter (EST, UTC-5): the 15th ends at 05:00 UTC on the 16th.
        (NEW_YORK, date(2026, 1, 15), datetime(2026, 1, 16, 5, 0, tzinfo=UTC)),
        # New York after 8 March 2026 (EDT, UTC-4).
        (NEW_YORK, date(2026, 3, 10), datetime(2026, 3, 11, 4, 0, tzinfo=UTC)),
        (UTC_ZONE, date(2026, 12, 31), datetime(2027, 1, 1, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_whole_day_due_is_overdue_from_the_start_of_the_next_day_in_the_owner_zone(
    owner_zone: TimeZoneName, on: date, first_overdue_instant: datetime
) -> None:
    assert DueDate(on).deadline(owner_zone) == first_overdue_instant


def test_a_timed_due_is_overdue_from_its_instant_wherever_the_owner_lives() -> None:
    at = datetime(2026, 3, 20, 15, 0, tzinfo=zone("America/New_York"))
    due = DueDateTime(at, NEW_YORK)
    assert due.deadline(AUCKLAND) == due.deadline(BERLIN) == datetime(2026, 3, 20, 19, tzinfo=UTC)


def test_a_timed_due_without_a_utc_offset_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="UTC offset") as refused:
        DueDateTime(wall(2026, 3, 20, 15), BERLIN)
    assert refused.value.field == "due"


def test_a_timed_due_shows_its_wall_clock_time_in_its_own_zone() -> None:
    due = DueDateTime(datetime(2026, 3, 29, 7, 0, tzinfo=UTC), BERLIN)
    assert due.wall_time() == wall(2026, 3, 29, 9)


def test_a_whole_day_due_shows_midnight_as_its_wall_clock_time() -> None:
    assert DueDate(date(2026, 3, 10)).wall_time() == wall(2026, 3, 10)


def test_a_whole_day_due_moves_to_the_date_of_the_next_occurrence() -> None:
    assert DueDate(date(2026, 3, 10)).moved_to(wall(2026, 3, 17)) == DueDate(date(2026, 3, 17))


@pytest.mark.parametrize(
    ("next_wall_time", "instant", "offset_hours"),
    [
        (wall(2026, 3, 28, 9), datetime(2026, 3, 28, 8, tzinfo=UTC), 1),
        (wall(2026, 3, 29, 9), datetime(2026, 3, 29, 7, tzinfo=UTC), 2),
        (wall(2026, 10, 25, 9), datetime(2026, 10, 25, 8, tzinfo=UTC), 1),
    ],
)
def test_a_timed_due_moves_to_the_same_wall_clock_time_in_its_zone(
    next_wall_time: datetime, instant: datetime, offset_hours: int
) -> None:
    due = DueDateTime(datetime(2026, 3, 27, 8, tzinfo=UTC), BERLIN)
    moved = due.moved_to(next_wall_time)
    assert moved.at == instant
    assert moved.at.utcoffset() == timedelta(hours=offset_hours)
    assert moved.time_zone == BERLIN


def test_a_wall_time_skipped_by_daylight_saving_lands_after_the_gap() -> None:
    due = DueDateTime(datetime(2026, 3, 27, 1, 30, tzinfo=UTC), BERLIN)
    moved = due.moved_to(wall(2026, 3, 29, 2, 30))
    # 02:30 does not exist in Berlin on that day; the instant is 03:30 CEST.
    assert moved.at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert moved.wall_time() == wall(2026, 3, 29, 3, 30)


def test_a_wall_time_repeated_by_daylight_saving_takes_its_first_occurrence() -> None:
    due = DueDateTime(datetime(2026, 10, 20, 0, 30, tzinfo=UTC), BERLIN)
    assert due.moved_to(wall(2026, 10, 25, 2, 30)).at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="Mars/Olympus_Mons") as refused:
        TimeZoneName("Mars/Olympus_Mons")
    assert refused.value.field == "timezone"


def test_a_time_zone_from_user_input_forgives_surrounding_whitespace() -> None:
    assert TimeZoneName.parse("  Europe/Berlin\n") == BERLIN
