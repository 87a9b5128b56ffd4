"""Retention of the consumers' inbox: rows older than any redelivery are deleted oldest first,
in bounded batches so a purge never holds long locks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import inbox

__all__ = ["SqlAlchemyInboxRetention"]


class SqlAlchemyInboxRetention:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def purge_processed_before(self, cutoff: datetime, *, limit: int) -> int:
        """Delete up to `limit` rows processed before `cutoff`, oldest first; how many went."""
        if limit < 1:
            raise ValueError("limit must be positive")
        oldest = (
            select(inbox.c.consumer, inbox.c.event_id)
            .where(inbox.c.processed_at < cutoff)
            .order_by(inbox.c.processed_at)
            .limit(limit)
        )
        async with translate_driver_errors(), self._engine.begin() as connection:
            result = await connection.execute(
                delete(inbox).where(tuple_(inbox.c.consumer, inbox.c.event_id).in_(oldest))
            )
        return int(result.rowcount)
