"""Dead letters in the `dead_letters` table, each write its own short transaction."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import dead_letters
from adapters.sqlalchemy.transactions import reading
from todo_core.errors import NotFound
from todo_core.ports.dead_letter_store import DeadLetter, DeadLetterStore

__all__ = ["SqlAlchemyDeadLetterStore"]


class SqlAlchemyDeadLetterStore(DeadLetterStore):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._reader = reading(engine)

    async def add(self, letter: DeadLetter) -> None:
        table = dead_letters.c
        async with translate_driver_errors(), self._engine.begin() as connection:
            stored = None
            if letter.offset is not None:
                # A partition has one consumer of a group at a time, so no other transaction
                # writes this record's letter between the read and the write.
                stored = await connection.scalar(
                    select(table.id).where(
                        table.consumer == letter.consumer,
                        table.topic == letter.topic,
                        table.partition == letter.partition,
                        table.offset == letter.offset,
                    )
                )
            if stored is None:
                await connection.execute(insert(dead_letters).values(_to_row(letter)))
                return
            await connection.execute(
                update(dead_letters)
                .where(table.id == stored)
                .values(
                    error=letter.error,
                    attempts=table.attempts + letter.attempts,
                    last_failed_at=letter.last_failed_at,
                    replayed_at=None,
                )
            )

    async def pending(self, *, consumer: str | None = None, limit: int = 100) -> list[DeadLetter]:
        query = (
            select(dead_letters)
            .where(dead_letters.c.replayed_at.is_(None))
            .order_by(dead_letters.c.first_failed_at, dead_letters.c.id)
            .limit(limit)
        )
        if consumer is not None:
            query = query.where(dead_letters.c.consumer == consumer)
        async with translate_driver_errors(), self._reader.connect() as connection:
            rows = (await connection.execute(query)).mappings().all()
        return [_from_row(row) for row in rows]

    async def mark_replayed(self, letter_id: UUID, *, at: datetime) -> None:
        async with translate_driver_errors(), self._engine.begin() as connection:
            result = await connection.execute(
                update(dead_letters).where(dead_letters.c.id == letter_id).values(replayed_at=at)
            )
        if result.rowcount == 0:
            raise NotFound(f"no dead letter {letter_id}")


def _to_row(letter: DeadLetter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "consumer": letter.consumer,
        "topic": letter.topic,
        "partition": letter.partition,
        "offset": letter.offset,
        "key": letter.key,
        "headers": [[name, base64.b64encode(value).decode()] for name, value in letter.headers],
        "value": letter.value,
        "error": letter.error,
        "attempts": letter.attempts,
        "first_failed_at": letter.first_failed_at,
        "last_failed_at": letter.last_failed_at,
        "replayed_at": letter.replayed_at,
    }


def _from_row(row: Any) -> DeadLetter:
    return DeadLetter(
        id=row["id"],
        consumer=row["consumer"],
        topic=row["topic"],
        partition=row["partition"],
        offset=row["offset"],
        key=row["key"],
        headers=tuple((name, base64.b64decode(value)) for name, value in row["headers"]),
        value=row["value"],
        error=row["error"],
        attempts=row["attempts"],
        first_failed_at=row["first_failed_at"],
        last_failed_at=row["last_failed_at"],
        replayed_at=row["replayed_at"],
    )
