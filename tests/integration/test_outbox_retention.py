"""Outbox retention on SQLite and PostgreSQL: only published rows go, oldest first, in batches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyOutboxRetention
from adapters.sqlalchemy.tables import outbox
from adapters.system import Uuid7IdGenerator

IDS = Uuid7IdGenerator()
NOW = datetime(2026, 6, 1, tzinfo=UTC)


async def _outbox_row(engine: AsyncEngine, *, published_days_ago: int | None) -> None:
    published = None if published_days_ago is None else NOW - timedelta(days=published_days_ago)
    async with engine.begin() as connection:
        await connection.execute(
            insert(outbox).values(
                id=IDS.new_id(),
                aggregate_type="todo",
                aggregate_id=IDS.new_id(),
                event_type="todo.todo.created.v1",
                event_version=1,
                payload={"marker": "retention-test"},
                occurred_at=NOW - timedelta(days=60),
                published_at=published,
            )
        )


async def _kept(engine: AsyncEngine) -> tuple[int, int]:
    """(published, unpublished) rows of this test still in the outbox."""
    ours = outbox.c.event_version == 1
    async with engine.connect() as connection:
        published = await connection.scalar(
            select(func.count()).where(ours, outbox.c.published_at.is_not(None))
        )
        unpublished = await connection.scalar(
            select(func.count()).where(ours, outbox.c.published_at.is_(None))
        )
    return int(published or 0), int(unpublished or 0)


async def test_purges_only_published_rows_older_than_the_cutoff_in_batches(
    engine: AsyncEngine,
) -> None:
    async with engine.begin() as connection:
        await connection.execute(outbox.delete())
    for days in (40, 35, 31, 10, 1):
        await _outbox_row(engine, published_days_ago=days)
    for _ in range(2):
        await _outbox_row(engine, published_days_ago=None)
    retention = SqlAlchemyOutboxRetention(engine)
    cutoff = NOW - timedelta(days=30)

    assert await retention.oldest_published_at() == NOW - timedelta(days=40)
    assert await retention.purge_published_before(cutoff, limit=2) == 2
    assert await retention.oldest_published_at() == NOW - timedelta(days=31)
    assert await retention.purge_published_before(cutoff, limit=100) == 1
    assert await retention.purge_published_before(cutoff, limit=100) == 0
    # The two recent published rows stay, and no unpublished event is ever dropped.
    assert await _kept(engine) == (2, 2)


async def test_an_empty_outbox_has_no_oldest_published_row(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(outbox.delete())
    assert await SqlAlchemyOutboxRetention(engine).oldest_published_at() is None
