"""The scheduler's jobs, built from the process's settings and adapters.

| job | default schedule (UTC) | what it does |
|---|---|---|
| `reminders` | `* * * * *`, and at the earliest pending reminder | fires due reminders |
| `digests` | `* * * * *`, and at the earliest due digest | sends each user's daily digest |
| `housekeeping` | `17 3 * * *` | purges old trash, published outbox and old inbox rows, |
| | | expired idempotency keys, old ticks of the ledger |

Every job works in bounded batches (one transaction each) and stops between two of them when
the process is asked to stop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.sqlalchemy import SqlAlchemyInboxRetention, SqlAlchemyOutboxRetention
from entrypoints.scheduler import Job
from entrypoints.settings import Settings
from todo_core import Application
from todo_core.ports import Clock, IdempotencyStore
from todo_core.ports.scheduled_runs import ScheduledRuns
from todo_core.use_cases import (
    FiredReminders,
    FireDueRemindersCommand,
    NextDigestQuery,
    NextReminderQuery,
    PurgeOldTrashCommand,
    SendDueDigestsCommand,
)

__all__ = [
    "HousekeepingStores",
    "digests_job",
    "housekeeping_job",
    "reminder_lag",
    "reminders_job",
]

_LOG = logging.getLogger("todo.scheduler")
# The ledger keeps this long a history of ticks (`todo scheduler jobs` shows the latest).
_TICK_RETENTION = timedelta(days=7)


def reminders_job(app: Application, clock: Clock, settings: Settings) -> Job:
    command = FireDueRemindersCommand(
        batch_size=settings.scheduler_batch_size, max_lateness=settings.reminder_max_lateness
    )

    async def run(stop: asyncio.Event) -> str:
        todos = fired = missed = 0
        while True:
            batch: FiredReminders = await app.fire_due_reminders(command)
            todos, fired, missed = todos + batch.todos, fired + batch.fired, missed + batch.missed
            if batch.todos < command.batch_size or stop.is_set():
                break
        lag = await reminder_lag(app, clock)
        return f"todos={todos} fired={fired} missed={missed} lag_s={lag:.1f}"

    async def next_due() -> datetime | None:
        return await app.next_reminder(NextReminderQuery())

    return Job(name="reminders", schedule=settings.schedule_reminders, run=run, next_due=next_due)


async def reminder_lag(app: Application, clock: Clock) -> float:
    """How late, in seconds, the oldest due reminder not yet fired is (0 when none is due)."""
    earliest = await app.next_reminder(NextReminderQuery())
    if earliest is None:
        return 0.0
    return max(0.0, (clock.now() - earliest).total_seconds())


def digests_job(app: Application, settings: Settings) -> Job:
    command = SendDueDigestsCommand(batch_size=settings.scheduler_batch_size)

    async def run(stop: asyncio.Event) -> str:
        users = sent = 0
        while True:
            batch = await app.send_due_digests(command)
            users, sent = users + batch.users, sent + batch.sent
            if batch.users < command.batch_size or stop.is_set():
                break
        return f"users={users} sent={sent}"

    async def next_due() -> datetime | None:
        return await app.next_digest(NextDigestQuery())

    return Job(name="digests", schedule=settings.schedule_digests, run=run, next_due=next_due)


@dataclass(frozen=True, slots=True, kw_only=True)
class HousekeepingStores:
    outbox: SqlAlchemyOutboxRetention
    inbox: SqlAlchemyInboxRetention
    idempotency: IdempotencyStore
    runs: ScheduledRuns


def housekeeping_job(
    app: Application, clock: Clock, settings: Settings, stores: HousekeepingStores
) -> Job:
    limit = settings.scheduler_batch_size

    async def run(stop: asyncio.Event) -> str:
        now = clock.now()
        purges: dict[str, Callable[[], Awaitable[int]]] = {
            "trash": lambda: app.purge_old_trash(
                PurgeOldTrashCommand(
                    older_than_days=settings.trash_retention_days, batch_size=limit
                )
            ),
            "outbox": lambda: stores.outbox.purge_published_before(
                now - timedelta(days=settings.outbox_retention_days), limit=limit
            ),
            "inbox": lambda: stores.inbox.purge_processed_before(
                now - timedelta(days=settings.inbox_retention_days), limit=limit
            ),
            "idempotency_keys": lambda: stores.idempotency.purge_expired(limit=limit),
            "ticks": lambda: stores.runs.purge_before(now - _TICK_RETENTION, limit=limit),
        }
        counts = {name: await _drain(purge, limit, stop) for name, purge in purges.items()}
        return " ".join(f"{name}={count}" for name, count in counts.items())

    return Job(name="housekeeping", schedule=settings.schedule_housekeeping, run=run)


async def _drain(purge: Callable[[], Awaitable[int]], limit: int, stop: asyncio.Event) -> int:
    """Runs `purge` batch after batch until one comes back short (or the process stops)."""
    total = 0
    while not stop.is_set():
        removed = await purge()
        total += removed
        if removed < limit:
            break
    return total
