"""`todo scheduler` as processes on one PostgreSQL database: two of them share the reminders and
fire each once; one killed with SIGKILL in the middle of its work and started again loses
nothing and fires nothing twice; SIGTERM stops one cleanly."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.live_server import TODO, clean_environment
from tests.integration.scheduler.support import (
    REMINDER_DUE,
    events_of,
    make_reminders,
    once_each,
    pending_reminders,
    scheduler_container,
)
from tests.support.fakes import FixedClock

# Kept modest: each test starts scheduler processes (seconds each on 2 shared cores) and makes
# its reminders one API call at a time; the claims are the same for 2 000.
MANY = 300


@pytest.fixture
def fresh_postgres_url(postgres_database: object) -> str:
    """A database of the test's own: each test counts every reminder event in it."""
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - a sync fixture, its own loop

    url: str = postgres_database()  # type: ignore[operator]
    upgrade(url)
    return url


@contextmanager
def _scheduler_process(url: str, *, batch_size: int) -> Iterator[subprocess.Popen[str]]:
    env = clean_environment() | {
        "TODO_DATABASE_URL": url,
        "TODO_SCHEDULER_BATCH_SIZE": str(batch_size),
        "TODO_LOG_LEVEL": "info",
    }
    with subprocess.Popen(
        [str(TODO), "scheduler"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=30)


async def _reminders_due_at(url: str, count: int, at: datetime) -> None:
    """`count` reminders due at `at`, made as if set an hour before."""
    async with scheduler_container(url, FixedClock(at - timedelta(hours=1))) as container:
        await make_reminders(container, *[at] * count)


def _wait_started(process: subprocess.Popen[str]) -> None:
    """Until the process says it started (its signal handlers are in place by then)."""
    assert process.stdout is not None
    for line in iter(process.stdout.readline, ""):
        if "todo scheduler: started" in line:
            return
    pytest.fail(f"the scheduler ended before it started: {process.wait()}")


async def _wait_until(check: object, *, limit_s: float = 120) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if await check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"not done within {limit_s} s")


async def test_two_scheduler_processes_fire_every_reminder_exactly_once(
    fresh_postgres_url: str,
) -> None:
    async with scheduler_container(fresh_postgres_url, FixedClock()) as container:
        with ExitStack() as stack:
            processes = [
                stack.enter_context(_scheduler_process(fresh_postgres_url, batch_size=10))
                for _ in range(2)
            ]
            for process in processes:
                _wait_started(process)
            # Both asleep: the reminders' NOTIFY wakes both, and both claim at their moment.
            await _reminders_due_at(
                fresh_postgres_url, MANY, datetime.now(UTC) + timedelta(seconds=2)
            )

            async def drained() -> bool:
                return await pending_reminders(container) == 0

            await _wait_until(drained)
            for process in processes:
                process.send_signal(signal.SIGTERM)
            codes = [process.wait(timeout=30) for process in processes]

        fired = await events_of(container, REMINDER_DUE)
    assert codes == [0, 0]
    assert len(fired) == MANY
    assert set(once_each(fired).values()) == {1}


async def test_a_scheduler_killed_mid_batch_and_restarted_loses_nothing_and_doubles_nothing(
    fresh_postgres_url: str,
) -> None:
    await _reminders_due_at(fresh_postgres_url, MANY, datetime.now(UTC) - timedelta(seconds=1))
    async with scheduler_container(fresh_postgres_url, FixedClock()) as container:

        async def started() -> bool:
            return len(await events_of(container, REMINDER_DUE)) > 0

        with _scheduler_process(fresh_postgres_url, batch_size=5) as victim:
            await _wait_until(started)
            victim.send_signal(signal.SIGKILL)
            assert victim.wait(timeout=30) == -signal.SIGKILL
        after_kill = len(await events_of(container, REMINDER_DUE))

        with _scheduler_process(fresh_postgres_url, batch_size=50) as successor:
            _wait_started(successor)

            async def drained() -> bool:
                return await pending_reminders(container) == 0

            await _wait_until(drained)
            successor.send_signal(signal.SIGTERM)
            assert successor.wait(timeout=30) == 0

        fired = await events_of(container, REMINDER_DUE)
    # Killed part-way: some fired before, the rest after, none twice.
    assert 0 < after_kill < MANY
    assert len(fired) == MANY
    assert set(once_each(fired).values()) == {1}
