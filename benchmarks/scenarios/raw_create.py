"""create_todo's baseline B0: the transaction the API commits for a new todo, sent with asyncpg
alone: BEGIN, INSERT the todo row, INSERT its outbox row, COMMIT, from a pool of the API's size
at the load generator's concurrency. Rows are in the repository's shape (every column, JSONB
where it writes JSONB, the event's payload as JSON); ids are UUIDv7, as the service makes them.

    python -m benchmarks.scenarios.raw_create DSN CONCURRENCY WARMUP_S DURATION_S
        -> a LoadResult as JSON on stdout
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from uuid import uuid4

import asyncpg
from uuid_utils.compat import uuid7

from benchmarks.event_loop import run_fast
from benchmarks.http_load import LoadResult
from benchmarks.stats import percentile

__all__ = ["POOL_SIZE"]

# The API's pool: `create_postgresql_engine`'s pool_size (the concurrency never exceeds it).
POOL_SIZE = 10

_INSERT_TODO = """
INSERT INTO todos (
    id, owner_id, list_id, parent_id, title, notes, status, priority, priority_rank,
    due_date, due_at, due_timezone, due_deadline, labels, reminders, recurrence,
    next_reminder_at, position, completed_at, deleted_at, created_at, updated_at, version
) VALUES (
    $1, $2, $3, NULL, $4, '', 'open', 'none', 0, NULL, NULL, NULL, NULL, $5::jsonb, $6::jsonb,
    NULL, NULL, $7, NULL, NULL, $8, $8, 1
)
"""
_INSERT_OUTBOX = """
INSERT INTO outbox (
    id, aggregate_type, aggregate_id, event_type, event_version, payload, occurred_at
) VALUES ($1, 'todo', $2, 'todo.todo.created.v1', 1, $3::jsonb, $4)
"""
_TITLE = "buy milk"


async def _worker(pool: asyncpg.Pool, stop: float, latencies: list[tuple[float, float]]) -> None:
    owner, inbox = uuid4(), uuid4()
    position = 0
    while (started := time.perf_counter()) < stop:
        now = datetime.now(UTC)
        todo_id = uuid7()
        # TodoCreated's fields, as `outbox_rows.event_to_outbox_row` writes them.
        payload = {
            "occurred_at": now.isoformat(),
            "todo_id": str(todo_id),
            "owner_id": str(owner),
            "title": _TITLE,
            "list_id": str(inbox),
            "due": None,
        }
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute(
                _INSERT_TODO, todo_id, owner, inbox, _TITLE, "[]", "[]", position, now
            )
            await connection.execute(_INSERT_OUTBOX, uuid7(), todo_id, json.dumps(payload), now)
        position += 1
        latencies.append((started, time.perf_counter()))


async def _cpu_in_window(start: float, end: float, cpu: list[float]) -> None:
    """This process's CPU time at the window's start and end."""
    await asyncio.sleep(start - time.perf_counter())
    cpu.append(time.process_time())
    await asyncio.sleep(end - time.perf_counter())
    cpu.append(time.process_time())


async def _run(dsn: str, concurrency: int, warmup_s: float, duration_s: float) -> LoadResult:
    pool = await asyncpg.create_pool(dsn, min_size=POOL_SIZE, max_size=POOL_SIZE)
    try:
        start = time.perf_counter() + warmup_s
        end = start + duration_s
        latencies: list[tuple[float, float]] = []
        cpu: list[float] = []
        await asyncio.gather(
            _cpu_in_window(start, end, cpu),
            *(_worker(pool, end, latencies) for _ in range(concurrency)),
        )
    finally:
        await pool.close()
    window = [done - began for began, done in latencies if began >= start and done <= end]
    samples = window or [float("nan")]
    return LoadResult(
        completed=len(window),
        # This side measures its own CPU in the window (see `cpu_ms_per_request`).
        completed_total=len(window),
        errors=0,
        statuses={},
        seconds=duration_s,
        rps=len(window) / duration_s,
        p50_ms=percentile(samples, 0.5) * 1000,
        p99_ms=percentile(samples, 0.99) * 1000,
        cpu_ms_per_request=(cpu[1] - cpu[0]) * 1000 / max(len(window), 1),
    )


if __name__ == "__main__":
    dsn, concurrency, warmup, duration = sys.argv[1:5]
    # The API's loop under uvicorn, so both sides run on the same one.
    outcome = run_fast(_run(dsn, int(concurrency), float(warmup), float(duration)))
    sys.stdout.write(json.dumps(asdict(outcome)) + "\n")
