"""On PostgreSQL a sleeping scheduler is woken by a new reminder (the todos trigger's NOTIFY),
not by its next tick or its fallback sleep, both set far away here."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from dependency_injector import providers

from adapters.system import SystemClock
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.integration.scheduler.support import REMINDER_DUE, events_of, make_reminders


async def test_a_new_reminder_wakes_a_sleeping_scheduler(migrated_postgres_url: str) -> None:
    settings = Settings(
        database_url=migrated_postgres_url,
        # Neither a tick nor the fallback sleep can come within the test's bound.
        schedule_reminders="0 0 1 1 *",
        schedule_housekeeping="0 0 1 1 *",
        scheduler_max_sleep=3600,
    )
    container = build_container(settings)
    container.clock.override(providers.Object(SystemClock()))
    stop = asyncio.Event()
    scheduler = asyncio.create_task(container.scheduler().run(stop))
    try:
        await asyncio.sleep(1)  # its first pass done, it sleeps for up to an hour
        at = datetime.now(UTC) + timedelta(seconds=1)
        [todo_id] = await make_reminders(container, at, owners=1)

        async def fired() -> bool:
            return any(
                p["todo_id"] == str(todo_id) for p in await events_of(container, REMINDER_DUE)
            )

        for _ in range(300):  # a bound on a hang (30 s), far below the hour it would sleep
            if await fired():
                break
            await asyncio.sleep(0.1)
        assert await fired()
    finally:
        stop.set()
        await asyncio.wait_for(scheduler, timeout=30)
        await container.engine().dispose()
