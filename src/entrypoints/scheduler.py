"""The scheduler loop: run each job at its cron ticks and whenever its work comes due, sleep until
the earliest of those moments, wake early on a notification.

A job's tick (its cron slot) is claimed in the `ScheduledRuns` ledger before it runs, so of
several schedulers on one database exactly one runs it; after downtime only the latest missed
slot is claimed, so a job catches up with one run, not one per tick it missed. A job that knows
when its next piece of work is due (reminders: the earliest pending reminder; digests: the
earliest digest) also runs at that moment, unclaimed: such jobs claim their rows themselves
(`FOR UPDATE SKIP LOCKED` and version checks), so running them on several schedulers at once
shares the work and does nothing twice.

Time comes from the `Clock` port: `run_due()` is one pass at the clock's "now", which is how the
tests drive it through hours of simulated time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from croniter import croniter

from adapters.sqlalchemy import OutboxWakeups
from todo_core.errors import TodoError
from todo_core.ports import Clock
from todo_core.ports.scheduled_runs import ScheduledRuns

__all__ = ["Job", "JobRun", "Scheduler", "next_slot", "previous_slot"]

_LOG = logging.getLogger("todo.scheduler")


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    name: str
    # A cron expression (croniter), in UTC.
    schedule: str
    # Runs the job once; returns what it did as `key=value` pairs for the log. `stop` is set
    # when the process is asked to stop: a job that works in batches stops after the one in hand.
    run: Callable[[asyncio.Event], Awaitable[str]]
    # When the job's next piece of work is due, if it can tell (None: nothing pending).
    next_due: Callable[[], Awaitable[datetime | None]] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class JobRun:
    job: str
    # The cron slot it ran for; None for a run because work came due.
    slot: datetime | None
    summary: str


def previous_slot(schedule: str, now: datetime) -> datetime:
    """The latest tick of `schedule` at or before `now`."""
    ticks = croniter(schedule, now + timedelta(microseconds=1))
    slot: datetime = ticks.get_prev(datetime)
    return slot


def next_slot(schedule: str, now: datetime) -> datetime:
    """The first tick of `schedule` after `now`."""
    slot: datetime = croniter(schedule, now).get_next(datetime)
    return slot


class Scheduler:
    def __init__(
        self,
        *,
        jobs: Sequence[Job],
        runs: ScheduledRuns,
        clock: Clock,
        wakeups: OutboxWakeups,
        max_sleep: float = 60.0,
    ) -> None:
        for job in jobs:
            if not croniter.is_valid(job.schedule):
                raise ValueError(f"job {job.name}: not a cron expression: {job.schedule!r}")
        self.jobs = {job.name: job for job in jobs}
        self._runs = runs
        self._clock = clock
        self._wakeups = wakeups
        self._max_sleep = max_sleep
        # The slot each job last saw, claimed by this scheduler or another: asked once per slot.
        self._seen_slots: dict[str, datetime] = {}
        self._stop = asyncio.Event()

    async def run_due(self, stop: asyncio.Event | None = None) -> list[JobRun]:
        """One pass: every job whose tick has come (and is not taken) or whose work is due."""
        stop = stop if stop is not None else self._stop
        done: list[JobRun] = []
        for job in self.jobs.values():
            if stop.is_set():
                break
            try:
                run = await self._run_if_due(job, stop)
            except TodoError as exc:
                # The database is unreachable, most likely: the next pass tries again.
                _LOG.warning("scheduler: job %s failed (%r); retrying later", job.name, exc)
                continue
            if run is not None:
                done.append(run)
        return done

    async def run_now(self, name: str, stop: asyncio.Event | None = None) -> JobRun:
        """Runs one job at once, outside its schedule (`todo scheduler run JOB`)."""
        job = self.jobs[name]
        summary = await job.run(stop if stop is not None else self._stop)
        _log_run(name, None, summary)
        return JobRun(job=name, slot=None, summary=summary)

    async def next_wake(self) -> datetime:
        """The earliest moment a job has something to do, at most `max_sleep` from now."""
        now = self._clock.now()
        wake = now + timedelta(seconds=self._max_sleep)
        for job in self.jobs.values():
            wake = min(wake, next_slot(job.schedule, now))
            if job.next_due is not None:
                due = await job.next_due()
                if due is not None:
                    wake = min(wake, max(due, now))
        return wake

    async def run(self, stop: asyncio.Event) -> None:
        """Runs passes until `stop` is set; the batch in hand is finished first."""
        self._stop = stop
        try:
            while not stop.is_set():
                await self.run_due(stop)
                if stop.is_set():
                    break
                try:
                    wake = await self.next_wake()
                except TodoError as exc:
                    _LOG.warning("scheduler: cannot read what is due (%r); polling", exc)
                    wake = self._clock.now() + timedelta(seconds=self._max_sleep)
                seconds = (wake - self._clock.now()).total_seconds()
                if seconds > 0:
                    await _first_of(stop.wait(), self._wakeups.wait(seconds))
        finally:
            await self._wakeups.close()

    async def _run_if_due(self, job: Job, stop: asyncio.Event) -> JobRun | None:
        now = self._clock.now()
        slot = previous_slot(job.schedule, now)
        if self._seen_slots.get(job.name) != slot:
            self._seen_slots[job.name] = slot
            if await self._runs.claim(job.name, slot, now=now):
                summary = await job.run(stop)
                await self._runs.finish(job.name, slot, now=self._clock.now(), summary=summary)
                _log_run(job.name, slot, summary)
                return JobRun(job=job.name, slot=slot, summary=summary)
        if job.next_due is None:
            return None
        due = await job.next_due()
        if due is None or due > now:
            return None
        summary = await job.run(stop)
        _log_run(job.name, None, summary)
        return JobRun(job=job.name, slot=None, summary=summary)


def _log_run(job: str, slot: datetime | None, summary: str) -> None:
    _LOG.info(
        "scheduler: ran %s slot=%s %s",
        job,
        "-" if slot is None else slot.isoformat(),
        summary,
        extra={"job": job},
    )


async def _first_of(*waits: Awaitable[object]) -> None:
    tasks = [asyncio.ensure_future(wait) for wait in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
