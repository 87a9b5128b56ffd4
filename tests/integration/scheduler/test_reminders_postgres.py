"""Reminders on real PostgreSQL: several schedulers share them and each fires once; downtime
on a clock the test moves makes them late (with their lateness) or missed past the limit."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tests.integration.scheduler.support import (
    REMINDER_DUE,
    REMINDER_MISSED,
    events_of,
    make_reminders,
    once_each,
    pending_reminders,
    scheduler_container,
)
from tests.support.fakes import FixedClock

T = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
# Kept modest for the 2-core CI machine; the claim logic is the same for 2 000.
MANY = 500


async def test_two_schedulers_over_many_reminders_due_at_once_fire_each_exactly_once(
    migrated_postgres_url: str,
) -> None:
    clock = FixedClock(T - timedelta(hours=1))
    # Two containers: two engines and pools, as two processes would have.
    async with (
        scheduler_container(migrated_postgres_url, clock, scheduler_batch_size=20) as first,
        scheduler_container(migrated_postgres_url, clock, scheduler_batch_size=20) as second,
    ):
        made = await make_reminders(first, *[T + timedelta(seconds=n % 60) for n in range(MANY)])
        clock.current = T + timedelta(minutes=1)

        runs = await asyncio.gather(
            first.scheduler().run_now("reminders"), second.scheduler().run_now("reminders")
        )

        fired = await events_of(first, REMINDER_DUE)
        assert len(fired) == MANY
        assert set(once_each(fired).values()) == {1}
        assert {payload["todo_id"] for payload in fired} == {str(todo_id) for todo_id in made}
        assert await pending_reminders(first) == 0
        # Both took part: the claims skipped each other's locked rows instead of queueing.
        assert all("fired=0 " not in run.summary for run in runs), runs


async def test_after_two_hours_down_due_reminders_fire_late_once_and_older_ones_are_missed(
    migrated_postgres_url: str,
) -> None:
    clock = FixedClock(T - timedelta(days=1))
    async with scheduler_container(
        migrated_postgres_url,
        clock,
        reminder_max_lateness=timedelta(hours=1),
        schedule_housekeeping="0 * * * *",
    ) as container:
        stale = T + timedelta(minutes=10)
        at_limit = T + timedelta(hours=1)
        recent = T + timedelta(minutes=110)
        made = await make_reminders(container, stale, at_limit, recent, owners=1)
        scheduler = container.scheduler()
        clock.current = T
        await scheduler.run_due()  # up and running at T, nothing due yet
        before = await container.scheduled_runs().latest("housekeeping")

        clock.current = T + timedelta(hours=2)  # back after two hours down
        runs = await scheduler.run_due()
        again = await scheduler.run_due()

        fired = [
            p for p in await events_of(container, REMINDER_DUE) if p["todo_id"] in map(str, made)
        ]
        missed = [
            p for p in await events_of(container, REMINDER_MISSED) if p["todo_id"] in map(str, made)
        ]
        lateness = {
            datetime.fromisoformat(p["fire_at"]): datetime.fromisoformat(p["fired_at"])
            - datetime.fromisoformat(p["fire_at"])
            for p in fired
        }
        assert lateness == {at_limit: timedelta(hours=1), recent: timedelta(minutes=10)}
        assert [datetime.fromisoformat(p["fire_at"]) for p in missed] == [stale]
        # Housekeeping ticked at 09:00 and again once for 10:00 and 11:00 missed: one run.
        after = await container.scheduled_runs().latest("housekeeping")
        assert before is not None
        assert after is not None
        assert (before.slot, after.slot) == (T, T + timedelta(hours=2))
        assert [run.job for run in runs].count("housekeeping") == 1
        assert [run.job for run in again] == []
