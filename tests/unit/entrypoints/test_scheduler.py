"""The scheduler's passes on a clock the test moves: ticks once per slot across schedulers, one
catch-up run after downtime, and wake-ups at the earliest thing to do."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory import InMemoryScheduledRuns
from entrypoints.scheduler import Job, Scheduler
from tests.support.fakes import FixedClock

START = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


class _Silence:
    """No notifications: waiting is the clock's business here."""

    async def wait(self, seconds: float) -> bool:
        await asyncio.sleep(0)
        return False

    async def close(self) -> None:
        return None


class _Counting:
    def __init__(self) -> None:
        self.runs = 0

    async def __call__(self, stop: asyncio.Event) -> str:
        self.runs += 1
        return f"run={self.runs}"


def _scheduler(
    runs: InMemoryScheduledRuns, clock: FixedClock, *jobs: Job, max_sleep: float = 60.0
) -> Scheduler:
    return Scheduler(jobs=jobs, runs=runs, clock=clock, wakeups=_Silence(), max_sleep=max_sleep)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START + timedelta(minutes=5))


async def test_a_tick_runs_once_however_many_schedulers_share_the_ledger(
    clock: FixedClock,
) -> None:
    ledger, hourly = InMemoryScheduledRuns(), _Counting()
    job = Job(name="hourly", schedule="0 * * * *", run=hourly)
    first, second = _scheduler(ledger, clock, job), _scheduler(ledger, clock, job)

    assert [run.slot for run in await first.run_due()] == [START]
    assert await second.run_due() == []
    assert await first.run_due() == []
    clock.advance(timedelta(hours=1))
    assert [run.slot for run in await second.run_due()] == [START + timedelta(hours=1)]
    assert await first.run_due() == []

    assert hourly.runs == 2
    latest = await ledger.latest("hourly")
    assert latest is not None
    assert (latest.slot, latest.summary, latest.finished_at) == (
        START + timedelta(hours=1),
        "run=2",
        clock.now(),
    )


async def test_after_downtime_a_job_catches_up_with_one_run(clock: FixedClock) -> None:
    ledger, hourly = InMemoryScheduledRuns(), _Counting()
    job = Job(name="hourly", schedule="0 * * * *", run=hourly)
    await _scheduler(ledger, clock, job).run_due()

    clock.advance(timedelta(hours=5, minutes=30))
    restarted = _scheduler(ledger, clock, job)
    [run] = await restarted.run_due()
    assert await restarted.run_due() == []

    assert (hourly.runs, run.slot) == (2, START + timedelta(hours=5))


async def test_work_that_comes_due_runs_between_ticks(clock: FixedClock) -> None:
    ledger, work = InMemoryScheduledRuns(), _Counting()
    due: list[datetime] = [clock.now() + timedelta(minutes=20)]

    async def next_due() -> datetime | None:
        return due[0] if due else None

    job = Job(name="reminders", schedule="0 * * * *", run=work, next_due=next_due)
    scheduler = _scheduler(ledger, clock, job, max_sleep=3600)
    await scheduler.run_due()  # the tick of 10:00
    assert await scheduler.next_wake() == due[0]

    clock.current = due[0]
    [run] = await scheduler.run_due()
    due.clear()

    assert (work.runs, run.slot) == (2, None)
    assert await scheduler.next_wake() == START + timedelta(hours=1)


async def test_the_sleep_is_bounded_when_nothing_is_due(clock: FixedClock) -> None:
    job = Job(name="nightly", schedule="17 3 * * *", run=_Counting())
    scheduler = _scheduler(InMemoryScheduledRuns(), clock, job, max_sleep=60)

    assert await scheduler.next_wake() == clock.now() + timedelta(seconds=60)


async def test_work_already_due_wakes_at_once(clock: FixedClock) -> None:
    async def overdue() -> datetime | None:
        return clock.now() - timedelta(hours=3)

    job = Job(name="reminders", schedule="17 3 * * *", run=_Counting(), next_due=overdue)

    assert await _scheduler(InMemoryScheduledRuns(), clock, job).next_wake() == clock.now()


def test_a_job_needs_a_cron_expression(clock: FixedClock) -> None:
    with pytest.raises(ValueError, match="cron"):
        _scheduler(
            InMemoryScheduledRuns(), clock, Job(name="bad", schedule="often", run=_Counting())
        )


async def test_the_loop_stops_when_asked_after_the_job_in_hand(clock: FixedClock) -> None:
    stop = asyncio.Event()

    async def stopping(event: asyncio.Event) -> str:
        event.set()  # as SIGTERM would, in the middle of the job
        return "stopped"

    ledger = InMemoryScheduledRuns()
    job = Job(name="hourly", schedule="0 * * * *", run=stopping)
    await asyncio.wait_for(_scheduler(ledger, clock, job).run(stop), timeout=30)

    latest = await ledger.latest("hourly")
    assert latest is not None
    assert latest.summary == "stopped"
