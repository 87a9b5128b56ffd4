"""`todo scheduler`: run the scheduler until SIGTERM or SIGINT; or inside `todo serve`; and the
operators' commands `todo scheduler jobs` and `todo scheduler run JOB`.

On a signal the batch in hand is finished and committed, then the connections are released:
a stop loses nothing and does nothing twice (whatever was not committed is still due).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass
from datetime import datetime

from litestar import Litestar

from entrypoints.container import Container
from entrypoints.scheduler import next_slot

__all__ = ["JobStatus", "job_statuses", "run_job", "run_scheduler", "scheduler_alongside"]

_LOG = logging.getLogger("todo.scheduler")


async def run_scheduler(container: Container, *, stop: asyncio.Event | None = None) -> int:
    stop = stop if stop is not None else asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    scheduler = container.scheduler()
    _LOG.info("todo scheduler: started jobs=%s", ",".join(scheduler.jobs))
    try:
        await scheduler.run(stop)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await container.engine().dispose()
    _LOG.info("todo scheduler: stopped")
    return 0


def scheduler_alongside(app: Litestar, container: Container) -> None:
    """Runs the scheduler inside `app`'s process (`todo serve`): started with the app, stopped
    on shutdown before the engine is disposed, finishing the batch in hand.

    Its first pass (the catch-up after downtime, a handful of writes) runs before the app
    serves: on SQLite a write committed between a request's read and its write makes that
    request's write fail, so the burst is kept away from the first requests.
    """
    stop = asyncio.Event()
    running: list[asyncio.Task[None]] = []

    async def start() -> None:
        scheduler = container.scheduler()
        await scheduler.run_due(stop)
        running.append(asyncio.create_task(scheduler.run(stop)))

    async def finish() -> None:
        stop.set()
        await asyncio.gather(*running)

    app.on_startup.append(start)
    app.on_shutdown.insert(0, finish)


@dataclass(frozen=True, slots=True, kw_only=True)
class JobStatus:
    name: str
    schedule: str
    last_slot: datetime | None
    last_finished_at: datetime | None
    last_summary: str | None
    next_run: datetime


async def job_statuses(container: Container) -> list[JobStatus]:
    """Every job: its schedule, its latest tick (and what it did), and when it runs next."""
    scheduler = container.scheduler()
    runs = container.scheduled_runs()
    statuses = []
    try:
        for job in scheduler.jobs.values():
            latest = await runs.latest(job.name)
            next_run = next_slot(job.schedule, container.clock().now())
            if job.next_due is not None:
                due = await job.next_due()
                if due is not None:
                    next_run = min(next_run, max(due, container.clock().now()))
            statuses.append(
                JobStatus(
                    name=job.name,
                    schedule=job.schedule,
                    last_slot=None if latest is None else latest.slot,
                    last_finished_at=None if latest is None else latest.finished_at,
                    last_summary=None if latest is None else latest.summary,
                    next_run=next_run,
                )
            )
    finally:
        await container.engine().dispose()
    return statuses


async def run_job(container: Container, name: str) -> str:
    """Runs one job now, outside its schedule; what it did."""
    try:
        return (await container.scheduler().run_now(name)).summary
    finally:
        await container.engine().dispose()
