"""Daily digests: once per user per local date, at the user's local time, across DST changes
both ways, across a change of zone, and after downtime (late the same day, never for a day that
has passed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE
from tests.unit.use_cases.todo_support import Outbox, add_account, build_app
from todo_core import Application
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.user_events import DigestDue
from todo_core.errors import ValidationFailed
from todo_core.use_cases import (
    ChangeProfileCommand,
    CreateTodoCommand,
    NextDigestQuery,
    SendDueDigestsCommand,
)

SEND = SendDueDigestsCommand()


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _subscribed(
    app: Application, store: InMemoryStore, clock: FixedClock, zone: str, at: str = "07:00"
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now(), zone=zone)
    await app.change_profile(ChangeProfileCommand(actor=ALICE, digest_enabled=True, digest_time=at))


async def _digests_over(
    app: Application, clock: FixedClock, start: datetime, hours: int, step_minutes: int = 10
) -> list[datetime]:
    """Runs the job every `step_minutes` from `start` for `hours`; when each digest went out."""
    sent = []
    clock.current = start
    while clock.current < start + timedelta(hours=hours):
        if (await app.send_due_digests(SEND)).sent:
            sent.append(clock.current)
        clock.advance(timedelta(minutes=step_minutes))
    return sent


async def test_one_digest_a_day_at_the_local_time_with_overdue_and_due_today(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    clock.current = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # 02:00 in Berlin
    await _subscribed(app, store, clock, "Europe/Berlin")
    berlin = TimeZoneName("Europe/Berlin")
    late = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="late",
            due=DueDateTime(datetime(2026, 6, 1, 1, 0, tzinfo=UTC), berlin),
        )
    )
    today = await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="today", due=DueDate(date(2026, 6, 1)))
    )
    await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="tomorrow", due=DueDate(date(2026, 6, 2)))
    )
    outbox = Outbox(store)

    sent = await _digests_over(app, clock, clock.current, hours=48)

    assert sent == [
        datetime(2026, 6, 1, 5, 0, tzinfo=UTC),
        datetime(2026, 6, 2, 5, 0, tzinfo=UTC),
    ]
    first = next(e for e in outbox.new() if isinstance(e, DigestDue))
    assert (first.local_date, first.email, first.time_zone) == (
        date(2026, 6, 1),
        "alice@example.org",
        "Europe/Berlin",
    )
    assert [t.todo_id for t in first.overdue] == [late.id]
    assert [t.todo_id for t in first.due_today] == [today.id]


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        # Spring forward: 02:30 is skipped by the clocks; sent once, at 03:00 local.
        ("Europe/Berlin", date(2026, 3, 29), "02:30", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        ("America/New_York", date(2026, 3, 8), "02:30", datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        # Fall back: the hour repeats; sent once, at its first occurrence.
        ("Europe/Berlin", date(2026, 10, 25), "02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        ("America/New_York", date(2026, 11, 1), "01:30", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        # A half-hour zone.
        ("Asia/Kolkata", date(2026, 6, 1), "07:00", datetime(2026, 6, 1, 1, 30, tzinfo=UTC)),
    ],
)
async def test_across_clock_changes_the_digest_goes_once_on_the_day(  # noqa: PLR0917
    app: Application,
    store: InMemoryStore,
    clock: FixedClock,
    zone: str,
    day: date,
    at: str,
    expected: datetime,
) -> None:
    clock.current = datetime.combine(day - timedelta(days=1), time(12), tzinfo=UTC)
    await _subscribed(app, store, clock, zone, at)

    sent = await _digests_over(
        app, clock, datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=12), hours=24
    )

    assert sent == [expected]


async def test_downtime_sends_todays_late_once_and_never_a_day_that_passed(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    clock.current = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    await _subscribed(app, store, clock, "UTC")
    outbox = Outbox(store)

    # Down from before 07:00 on June 1st until 10:00 on June 3rd: the 1st and 2nd have passed.
    clock.current = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)
    assert (await app.send_due_digests(SEND)).sent == 1
    assert (await app.send_due_digests(SEND)).sent == 0

    [digest] = [e for e in outbox.new() if isinstance(e, DigestDue)]
    assert (digest.local_date, digest.due_at, digest.occurred_at) == (
        date(2026, 6, 3),
        datetime(2026, 6, 3, 7, 0, tzinfo=UTC),
        clock.now(),
    )
    assert await app.next_digest(NextDigestQuery()) == datetime(2026, 6, 4, 7, 0, tzinfo=UTC)


async def test_down_over_midnight_before_the_time_sends_nothing_for_the_day_that_passed(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    clock.current = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    await _subscribed(app, store, clock, "UTC")  # next: June 2nd 07:00
    clock.current = datetime(2026, 6, 3, 6, 0, tzinfo=UTC)  # June 2nd passed; 3rd not yet time

    run = await app.send_due_digests(SEND)

    assert (run.users, run.sent) == (1, 0)
    assert await app.next_digest(NextDigestQuery()) == datetime(2026, 6, 3, 7, 0, tzinfo=UTC)


async def test_a_change_of_zone_keeps_one_digest_per_local_date(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    clock.current = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    await _subscribed(app, store, clock, "Asia/Tokyo")  # 07:00 Tokyo is 22:00 UTC the day before
    sent = await _digests_over(app, clock, clock.current, hours=12)
    assert sent == []  # June 1st 07:00 in Tokyo was at 22:00 UTC on May 31st, before signing up
    clock.current = datetime(2026, 6, 1, 22, 0, tzinfo=UTC)
    assert (await app.send_due_digests(SEND)).sent == 1  # Tokyo's June 2nd

    # Moves to New York, where it is still June 1st (18:00): June 1st was never sent there.
    await app.change_profile(ChangeProfileCommand(actor=ALICE, timezone="America/New_York"))
    sent = await _digests_over(app, clock, clock.current, hours=48)

    # June 2nd was had in Tokyo: the next one in New York is June 3rd, 07:00 EDT.
    assert sent == [datetime(2026, 6, 3, 11, 0, tzinfo=UTC)]


async def test_turning_digests_off_stops_them_and_on_again_starts_from_now(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    clock.current = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    await _subscribed(app, store, clock, "UTC")
    # Turned on after today's time: the first is tomorrow's, nothing sent at once.
    assert (await app.send_due_digests(SEND)).sent == 0
    await app.change_profile(ChangeProfileCommand(actor=ALICE, digest_enabled=False))
    assert await app.next_digest(NextDigestQuery()) is None
    assert await _digests_over(app, clock, clock.current, hours=48) == []


async def test_the_digest_time_is_hh_mm(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now())
    for bad in ("7:00", "24:00", "07:60", "07:00:00", "seven"):
        with pytest.raises(ValidationFailed):
            await app.change_profile(ChangeProfileCommand(actor=ALICE, digest_time=bad))
