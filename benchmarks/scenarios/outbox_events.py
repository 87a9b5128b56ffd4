"""Outbox rows for relay_throughput, in the shape `outbox_rows.event_to_outbox_row` writes: each
todo's `created` then `completed` event (TodoCreated's and TodoCompleted's fields as JSON),
with UUIDv7 ids, inserted straight into `outbox` (the table's trigger wakes the relay, as on a
commit of the service's own).
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from uuid_utils.compat import uuid7

__all__ = ["COLUMNS", "insert_at_rate", "insert_burst", "outbox_rows"]

COLUMNS = (
    "id",
    "aggregate_type",
    "aggregate_id",
    "event_type",
    "event_version",
    "payload",
    "occurred_at",
)
_INSERT_ONE = """
INSERT INTO outbox (id, aggregate_type, aggregate_id, event_type, event_version, payload,
                    occurred_at)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
"""


def _todo_events(owner: UUID, todo_id: UUID) -> list[tuple[Any, ...]]:
    now = datetime.now(UTC)
    created = {
        "occurred_at": now.isoformat(),
        "todo_id": str(todo_id),
        "owner_id": str(owner),
        "title": "buy milk",
        "list_id": str(uuid4()),
        "due": None,
    }
    completed = {
        "occurred_at": now.isoformat(),
        "todo_id": str(todo_id),
        "owner_id": str(owner),
        "title": "buy milk",
        "completed_at": now.isoformat(),
        "series_ended": False,
    }
    return [
        (uuid7(), "todo", todo_id, "todo.todo.created.v1", 1, json.dumps(created), now),
        (uuid7(), "todo", todo_id, "todo.todo.completed.v1", 1, json.dumps(completed), now),
    ]


def outbox_rows(count: int) -> list[tuple[Any, ...]]:
    """`count` rows (an even number): `count / 2` todos, two events each, in order."""
    owner = uuid4()
    return [row for _ in range(count // 2) for row in _todo_events(owner, uuid4())]


async def insert_burst(dsn: str, rows: list[tuple[Any, ...]]) -> None:
    """All `rows` in one transaction: a backlog the relay finds at once."""
    connection = await asyncpg.connect(dsn)
    try:
        await connection.copy_records_to_table("outbox", records=rows, columns=COLUMNS)
    finally:
        await connection.close()


async def insert_at_rate(dsn: str, *, rate: float, seconds: float) -> dict[str, float]:
    """One event per transaction, `rate` a second, for `seconds`: each event's id -> the wall
    clock time its commit returned."""
    connection = await asyncpg.connect(dsn)
    committed: dict[str, float] = {}
    try:
        owner = uuid4()
        started = time.monotonic()
        for index in range(int(rate * seconds)):
            delay = started + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            row = _todo_events(owner, uuid4())[0]
            await connection.execute(_INSERT_ONE, *row)
            committed[str(row[0])] = time.time()
    finally:
        await connection.close()
    return committed
