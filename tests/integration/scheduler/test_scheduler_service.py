"""The operators' view in process, on SQLite: what `todo scheduler jobs` reports before and after
a run, `run JOB`, and the service loop stopping when told to."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from entrypoints.scheduler_service import job_statuses, run_job, run_scheduler
from tests.integration.scheduler.support import make_reminders, scheduler_container
from tests.support.fakes import FixedClock

NOW = datetime(2026, 12, 8, 9, 30, 20, tzinfo=UTC)


async def test_jobs_report_their_schedule_last_and_next_run(migrated_sqlite_url: str) -> None:
    clock = FixedClock(NOW)
    async with scheduler_container(migrated_sqlite_url, clock) as container:
        before = {status.name: status for status in await job_statuses(container)}
    assert list(before) == ["reminders", "digests", "housekeeping"]
    assert before["housekeeping"].schedule == "17 3 * * *"
    assert before["housekeeping"].last_slot is None
    assert before["housekeeping"].next_run == datetime(2026, 12, 9, 3, 17, tzinfo=UTC)

    async with scheduler_container(migrated_sqlite_url, clock) as container:
        # A reminder due in 10 s: the reminders job's next run is then, before its next tick.
        await make_reminders(container, NOW + timedelta(seconds=10), owners=1)
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.5, stop.set)
        assert await run_scheduler(container, stop=stop) == 0
    async with scheduler_container(migrated_sqlite_url, clock) as container:
        after = {status.name: status for status in await job_statuses(container)}
    housekeeping = after["housekeeping"]
    assert (housekeeping.last_slot, housekeeping.last_finished_at) == (
        datetime(2026, 12, 8, 3, 17, tzinfo=UTC),
        NOW,
    )
    assert housekeeping.last_summary == "trash=0 outbox=0 inbox=0 idempotency_keys=0 ticks=0"
    assert after["reminders"].next_run == NOW + timedelta(seconds=10)

    clock.current = NOW + timedelta(seconds=10)
    async with scheduler_container(migrated_sqlite_url, clock) as container:
        assert await run_job(container, "reminders") == "todos=1 fired=1 missed=0 lag_s=0.0"
