"""Retention of the outbox: published rows are kept for a while (for replay and audit), then
deleted oldest first, in bounded batches so a purge never holds long locks.

Only published rows are ever deleted: an unpublished row is an event still owed to consumers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import outbox
from adapters.sqlalchemy.transactions import reading

__all__ = ["SqlAlchemyOutboxRetention"]


class SqlAlchemyOutboxRetention:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._reader = reading(engine)

    async def oldest_published_at(self) -> datetime | None:
        """When the oldest row still kept was published; None when no published row is kept."""
        async with translate_driver_errors(), self._reader.connect() as connection:
            value: datetime | None = await connection.scalar(
                select(func.min(outbox.c.published_at)).where(outbox.c.published_at.is_not(None))
            )
        return value

    async def purge_published_before(self, cutoff: datetime, *, limit: int) -> int:
        """Delete up to `limit` rows published before `cutoff`, oldest first; how many went."""
        if limit < 1:
            raise ValueError("limit must be positive")
        oldest = (
            select(outbox.c.id)
            .where(outbox.c.published_at.is_not(None), outbox.c.published_at < cutoff)
            .order_by(outbox.c.published_at, outbox.c.id)
            .limit(limit)
        )
        async with translate_driver_errors(), self._engine.begin() as connection:
            result = await connection.execute(delete(outbox).where(outbox.c.id.in_(oldest)))
        return int(result.rowcount)
