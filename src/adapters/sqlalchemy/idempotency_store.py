"""Idempotency records in the `idempotency_keys` table, each operation its own short transaction.

The primary key (user_id, key) decides races: of two requests claiming one key, one INSERT
wins and the other fails on the key. An expired record (or an abandoned claim) is taken over
by an UPDATE that matches only while it is still expired (or abandoned), so two takers cannot
both win either: on PostgreSQL the second waits for the first's row lock and then finds the
row renewed; SQLite runs one writer at a time. A claim is told from a later one on the same
key by its `created_at`, which `complete` and `release` match.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, delete, insert, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import idempotency_keys
from adapters.sqlalchemy.transactions import reading
from todo_core.domain.ids import UserId
from todo_core.errors import Conflict
from todo_core.ports.clock import Clock
from todo_core.ports.idempotency_store import (
    CLAIM_TIMEOUT,
    IDEMPOTENCY_WINDOW,
    IdempotencyClaim,
    IdempotencyKey,
    IdempotencyRecord,
    IdempotencyStore,
    StoredResponse,
)

__all__ = ["SqlAlchemyIdempotencyStore"]

_IN_PROGRESS = "in_progress"
_COMPLETED = "completed"
_table = idempotency_keys


class SqlAlchemyIdempotencyStore(IdempotencyStore):
    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock,
        *,
        window: timedelta = IDEMPOTENCY_WINDOW,
        claim_timeout: timedelta = CLAIM_TIMEOUT,
    ) -> None:
        self._engine = engine
        self._reader = reading(engine)
        self._clock = clock
        self._window = window
        self._claim_timeout = claim_timeout

    async def find(self, owner: UserId, key: IdempotencyKey) -> IdempotencyRecord | None:
        query = select(_table).where(_is(owner, key), _table.c.expires_at > self._clock.now())
        async with translate_driver_errors(), self._reader.connect() as connection:
            row = (await connection.execute(query)).one_or_none()
        return None if row is None else _record(row)

    async def reserve(
        self, owner: UserId, key: IdempotencyKey, fingerprint: str
    ) -> IdempotencyClaim | None:
        now = self._clock.now()
        claim: dict[str, Any] = {
            "fingerprint": fingerprint,
            "state": _IN_PROGRESS,
            "response_status": None,
            "response_headers": None,
            "response_body": None,
            "created_at": now,
            "expires_at": now + self._window,
        }
        try:
            async with translate_driver_errors(), self._engine.begin() as connection:
                await connection.execute(
                    insert(_table).values(user_id=owner, key=key.value, **claim)
                )
        except Conflict:
            # Taken: by a live record (we lost), or by one that is free to take over.
            free = or_(
                _table.c.expires_at <= now,
                and_(
                    _table.c.state == _IN_PROGRESS,
                    _table.c.fingerprint == fingerprint,
                    _table.c.created_at <= now - self._claim_timeout,
                ),
            )
            async with translate_driver_errors(), self._engine.begin() as connection:
                taken_over = await connection.execute(
                    update(_table).where(_is(owner, key), free).values(claim)
                )
            if taken_over.rowcount != 1:
                return None
        return IdempotencyClaim(owner=owner, key=key, claimed_at=now)

    async def complete(self, claim: IdempotencyClaim, response: StoredResponse) -> None:
        statement = (
            update(_table)
            .where(_claimed(claim), _table.c.expires_at > self._clock.now())
            .values(
                state=_COMPLETED,
                response_status=response.status,
                response_headers=[list(pair) for pair in response.headers],
                response_body=response.body,
            )
        )
        async with translate_driver_errors(), self._engine.begin() as connection:
            await connection.execute(statement)

    async def release(self, claim: IdempotencyClaim) -> None:
        async with translate_driver_errors(), self._engine.begin() as connection:
            await connection.execute(delete(_table).where(_claimed(claim)))

    async def purge_expired(self, *, limit: int) -> int:
        """In bounded batches, so a purge never holds long locks (like the outbox retention)."""
        if limit < 1:
            raise ValueError("limit must be positive")
        oldest = (
            select(_table.c.user_id, _table.c.key)
            .where(_table.c.expires_at <= self._clock.now())
            .order_by(_table.c.expires_at, _table.c.user_id, _table.c.key)
            .limit(limit)
        )
        statement = delete(_table).where(tuple_(_table.c.user_id, _table.c.key).in_(oldest))
        async with translate_driver_errors(), self._engine.begin() as connection:
            result = await connection.execute(statement)
        return int(result.rowcount)


def _is(owner: UserId, key: IdempotencyKey) -> ColumnElement[bool]:
    return and_(_table.c.user_id == owner, _table.c.key == key.value)


def _claimed(claim: IdempotencyClaim) -> ColumnElement[bool]:
    """The key's row while it is still this claim, in progress."""
    return and_(
        _is(claim.owner, claim.key),
        _table.c.state == _IN_PROGRESS,
        _table.c.created_at == claim.claimed_at,
    )


def _record(row: Row[Any]) -> IdempotencyRecord:
    response = None
    if row.state == _COMPLETED:
        response = StoredResponse(
            status=row.response_status,
            headers=tuple((str(name), str(value)) for name, value in row.response_headers),
            body=bytes(row.response_body),
        )
    return IdempotencyRecord(
        owner=UserId(row.user_id),
        key=IdempotencyKey(row.key),
        fingerprint=row.fingerprint,
        created_at=row.created_at,
        expires_at=row.expires_at,
        response=response,
    )
