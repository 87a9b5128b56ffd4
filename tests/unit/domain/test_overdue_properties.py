"""Properties of `Todo.is_overdue` across time zones, checked against an independent oracle.

The oracle for a whole-day due never builds the deadline the way the code does: it asks which
calendar date the owner's wall clock shows at an instant. A todo due on day D is overdue
exactly when that date is after D.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.unit.domain.todo_factory import NOW, created
from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.time_zone import TimeZoneName

ZONES = [
    "UTC",
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Pago_Pago",  # UTC-11
    "Asia/Kolkata",  # UTC+05:30
    "Asia/Kathmandu",  # UTC+05:45
    "Pacific/Chatham",  # UTC+12:45 / +13:45
    "Europe/Berlin",  # DST at 02:00/03:00
    "America/New_York",  # DST, west of UTC
    "America/Santiago",  # DST at midnight: some days start at 01:00
    "Australia/Lord_Howe",  # a half-hour DST shift
]
STEP = timedelta(minutes=15)  # every zone's offsets and transitions since 2000 sit on this grid

zones = st.sampled_from(ZONES)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 30))
# Far enough either side of a day's end to cover every UTC offset in use (-12h to +14h).
around_the_end = st.integers(min_value=-40 * 3600 * 10**6, max_value=40 * 3600 * 10**6)


def _local_date(instant: datetime, zone_name: str) -> date:
    return instant.astimezone(ZoneInfo(zone_name)).date()


def _first_instant_after(on: date, zone_name: str) -> datetime:
    """The first instant the owner's calendar shows a later date, found by walking a grid."""
    instant = datetime.combine(on, time(0), tzinfo=UTC) - timedelta(hours=16)
    while _local_date(instant, zone_name) <= on:
        instant += STEP
    return instant


@settings(max_examples=60, deadline=None)
@given(zone_name=zones, on=days, offset_us=around_the_end)
@example(zone_name="America/Santiago", on=date(2026, 9, 5), offset_us=0)  # next day starts 01:00
@example(zone_name="America/Santiago", on=date(2026, 4, 4), offset_us=0)  # 23:00 happens twice
@example(zone_name="Europe/Berlin", on=date(2026, 3, 28), offset_us=0)
@example(zone_name="Australia/Lord_Howe", on=date(2026, 4, 4), offset_us=0)
def test_a_whole_day_due_is_overdue_exactly_once_the_owner_calendar_passes_the_day(
    zone_name: str, on: date, offset_us: int
) -> None:
    todo = created(due=DueDate(on), owner_zone=TimeZoneName(zone_name))
    now = datetime.combine(on + timedelta(days=1), time(0), tzinfo=UTC) + timedelta(
        microseconds=offset_us
    )
    assert todo.is_overdue(now) == (_local_date(now, zone_name) > on)


@settings(max_examples=40, deadline=None)
@given(zone_name=zones, on=days)
@example(zone_name="America/Santiago", on=date(2026, 9, 5))
@example(zone_name="Pacific/Chatham", on=date(2026, 9, 26))
def test_a_whole_day_due_turns_overdue_at_the_first_instant_of_the_next_local_day(
    zone_name: str, on: date
) -> None:
    todo = created(due=DueDate(on), owner_zone=TimeZoneName(zone_name))
    end = _first_instant_after(on, zone_name)
    assert not todo.is_overdue(end - timedelta(microseconds=1))
    assert todo.is_overdue(end)
    assert todo.is_overdue(end + timedelta(days=400))


def _instant_in(microseconds: int, zone_name: str) -> datetime:
    """An instant shown on `zone_name`'s wall clock; `astimezone` sets `fold` when it repeats."""
    return (EPOCH + timedelta(microseconds=microseconds)).astimezone(ZoneInfo(zone_name))


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
instants = st.builds(_instant_in, st.integers(0, 100 * 365 * 86_400 * 10**6), zones)


@settings(max_examples=50, deadline=None)
@given(at=instants, due_zone=zones, owner_zone=zones, offset_us=around_the_end)
@example(
    at=datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin")),
    due_zone="Europe/Berlin",
    owner_zone="UTC",
    offset_us=-1,
)
def test_a_timed_due_is_overdue_exactly_from_its_instant_on(
    at: datetime, due_zone: str, owner_zone: str, offset_us: int
) -> None:
    todo = created(due=DueDateTime(at, TimeZoneName(due_zone)), owner_zone=TimeZoneName(owner_zone))
    now = at.astimezone(UTC) + timedelta(microseconds=offset_us)
    assert todo.is_overdue(now) == (offset_us >= 0)
    assert todo.is_overdue(at.astimezone(UTC))


dues: st.SearchStrategy[Due] = st.one_of(
    days.map(DueDate),
    st.builds(DueDateTime, instants, st.sampled_from([TimeZoneName(z) for z in ZONES])),
)


@settings(max_examples=40, deadline=None)
@given(due=dues, owner_zone=zones, trash=st.booleans(), late_by=st.integers(0, 10**15))
def test_a_done_or_trashed_todo_is_never_overdue(
    due: Due, owner_zone: str, trash: bool, late_by: int
) -> None:
    still_open = created(due=due, owner_zone=TimeZoneName(owner_zone))
    put_away = created(due=due, owner_zone=TimeZoneName(owner_zone))
    if trash:
        put_away.trash(NOW)
    else:
        put_away.complete(now=NOW)
    assert still_open.due_deadline is not None
    now = still_open.due_deadline.astimezone(UTC) + timedelta(microseconds=late_by)
    assert still_open.is_overdue(now)
    assert not put_away.is_overdue(now)
