"""The relay's side of the outbox: claim unpublished rows, oldest first, and mark what happened.

No `id > last_seen` cursor: a transaction that took its ids early and commits late would be
skipped forever. Every claim reads the oldest unpublished rows instead.

PostgreSQL (several relays may run): a claim is one transaction that lasts while its rows are
published. It takes a transaction-scoped advisory lock per bucket of aggregate ids, so only one
relay at a time publishes a given aggregate's events, and locks the rows with `FOR UPDATE SKIP
LOCKED`. The locks are only tried for the buckets of a window of the oldest rows (materialized
CTEs, evaluated once), so a relay never locks buckets far beyond what it claims. Rows are
marked published, or given their error, in the transaction that claimed them; a crash before
that commit leaves them unpublished, to be published again.

SQLite (the embedded default, one process, one relay): no locks. The claim is a short read, and
the marking its own short write, since SQLite cannot turn a long-lived read into a write once
another writer committed; a crash in between publishes the rows again, as above.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache, partial
from typing import Any
from uuid import UUID

from sqlalchemy import ARRAY, Row, Text, Uuid, any_, bindparam, cast, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import outbox
from adapters.sqlalchemy.transactions import reading
from todo_core.ports.clock import Clock
from todo_core.ports.event_publisher import OutboxMessage

__all__ = ["ClaimedBatch", "OutboxLag", "SqlAlchemyOutboxRelay"]

# pg_try_advisory_xact_lock(key1, key2): key1 keeps the relay's locks apart from anyone else's.
_LOCK_NAMESPACE = 0x6F7574  # "out"
# Aggregates share 1024 buckets: the relays' exclusion per aggregate, with a bounded lock count.
BUCKETS = 1024
# How far past the batch size a claim looks for rows whose bucket it can lock.
_WINDOW_FACTOR = 4
_MAX_ERROR_LENGTH = 2000
_UUID_ARRAY = ARRAY(Uuid(as_uuid=True))


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxLag:
    unpublished: int
    oldest_occurred_at: datetime | None

    def oldest_age(self, now: datetime) -> timedelta:
        return timedelta(0) if self.oldest_occurred_at is None else now - self.oldest_occurred_at


class ClaimedBatch:
    """Claimed messages, and what became of each; a failed one holds back its aggregate's rest."""

    def __init__(self, messages: Sequence[OutboxMessage]) -> None:
        self.messages = tuple(messages)
        self.published: list[UUID] = []
        self.failed: dict[UUID, str] = {}

    def mark_published(self, message: OutboxMessage) -> None:
        self.published.append(message.id)

    def mark_failed(self, message: OutboxMessage, error: str) -> None:
        self.failed[message.id] = error[:_MAX_ERROR_LENGTH]


# What a claim reads of a row: a message's fields, nothing the relay would only convert.
_MESSAGE_COLUMNS = (
    outbox.c.id,
    outbox.c.aggregate_type,
    outbox.c.aggregate_id,
    outbox.c.event_type,
    outbox.c.event_version,
    outbox.c.occurred_at,
    outbox.c.payload,
)


def _message(row: Row[Any]) -> OutboxMessage:
    # Unpacked in `_MESSAGE_COLUMNS` order: cheaper than seven lookups by name, per row.
    row_id, aggregate_type, aggregate_id, event_type, event_version, occurred_at, payload = row
    return OutboxMessage(
        id=row_id,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        event_type=event_type,
        event_version=event_version,
        occurred_at=occurred_at,
        payload=payload,
    )


def _unpublished(skip: Collection[UUID]) -> Any:
    unpublished = outbox.c.published_at.is_(None)
    return unpublished if not skip else unpublished & outbox.c.aggregate_id.not_in(skip)


def _claim_postgresql(limit: int, skip: Collection[UUID]) -> Any:
    oldest = (
        select(outbox.c.id, outbox.c.aggregate_id)
        .where(_unpublished(skip))
        .order_by(outbox.c.id)
        .limit(limit * _WINDOW_FACTOR)
        .subquery("relay_oldest")
    )
    # Each window row's bucket is computed after the limit: in the select list of the limited
    # query, PostgreSQL may compute it for every unpublished row before sorting them.
    bucket = func.hashtext(cast(oldest.c.aggregate_id, Text)).op("&")(BUCKETS - 1)
    window = (
        select(oldest.c.id, bucket.label("bucket")).cte("relay_window").prefix_with("MATERIALIZED")
    )
    # One lock attempt per bucket, never one per row: were a row's attempt to fail and a later
    # row's (the same aggregate's) to succeed once the other relay committed, the claim would
    # skip the first row and publish the second ahead of it.
    buckets = select(window.c.bucket).distinct().subquery("window_buckets")
    locked = (
        select(buckets.c.bucket)
        .where(func.pg_try_advisory_xact_lock(literal(_LOCK_NAMESPACE), buckets.c.bucket))
        .cte("relay_buckets")
        .prefix_with("MATERIALIZED")
    )
    # The oldest `limit` of them only: the claim locks and reads no row it cannot take. (A row
    # of a bucket this claim locked can be locked by no other relay, so SKIP LOCKED does not
    # leave the claim short for having cut the list first.)
    ours = (
        select(window.c.id)
        .where(window.c.bucket.in_(select(locked.c.bucket)))
        .order_by(window.c.id)
        .limit(limit)
    )
    # `published_at IS NULL` again here: a row another relay published since this statement's
    # snapshot is re-checked when its lock is taken, and skipped.
    return (
        select(*_MESSAGE_COLUMNS)
        .where(outbox.c.published_at.is_(None), outbox.c.id.in_(ours))
        .order_by(outbox.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=outbox)
    )


# The usual claim (nothing to skip) is built once per size: building it is a good part of
# a claim's time in Python.
_claim_postgresql_unskipped = lru_cache(maxsize=4)(partial(_claim_postgresql, skip=()))


def _claim_sqlite(limit: int, skip: Collection[UUID]) -> Any:
    return select(*_MESSAGE_COLUMNS).where(_unpublished(skip)).order_by(outbox.c.id).limit(limit)


def _mark_published(ids: Sequence[UUID], *, as_array: bool) -> Any:
    # PostgreSQL takes the batch's ids as one array parameter: one bind value, where an
    # expanded IN list renders and binds every id (a good part of the relay's SQL time).
    claimed = (
        outbox.c.id == any_(bindparam("ids", list(ids), type_=_UUID_ARRAY))
        if as_array
        else outbox.c.id.in_(ids)
    )
    return (
        update(outbox)
        .where(claimed, outbox.c.published_at.is_(None))
        .values(published_at=bindparam("at"), attempts=outbox.c.attempts + 1, last_error=None)
    )


class SqlAlchemyOutboxRelay:
    def __init__(self, engine: AsyncEngine, *, clock: Clock) -> None:
        self._engine = engine
        self._reader = reading(engine)
        self._clock = clock
        self._locking = engine.dialect.name == "postgresql"

    @asynccontextmanager
    async def claim(
        self, limit: int, *, skip: Collection[UUID] = ()
    ) -> AsyncIterator[ClaimedBatch]:
        """Claims up to `limit` rows, none of the aggregates in `skip` (whole aggregates, so order
        holds); the caller publishes them and records each outcome in the batch; leaving the
        block stores the outcomes (nothing is stored if the block raises)."""
        if limit < 1:
            raise ValueError("limit must be positive")
        if self._locking:
            async with translate_driver_errors():
                connection = await self._engine.connect()
            try:
                async with translate_driver_errors():
                    claim = (
                        _claim_postgresql(limit, skip)
                        if skip
                        else _claim_postgresql_unskipped(limit)
                    )
                    rows = (await connection.execute(claim)).all()
                batch = ClaimedBatch([_message(row) for row in rows])
                yield batch
                async with translate_driver_errors():
                    await self._store(connection, batch)
                    await connection.commit()
            finally:
                async with translate_driver_errors():
                    await connection.close()
            return
        async with translate_driver_errors(), self._reader.connect() as connection:
            rows = (await connection.execute(_claim_sqlite(limit, skip))).all()
        batch = ClaimedBatch([_message(row) for row in rows])
        yield batch
        async with translate_driver_errors(), self._engine.begin() as connection:
            await self._store(connection, batch)

    async def lag(self) -> OutboxLag:
        """How many rows wait for publication, and since when the oldest of them."""
        async with translate_driver_errors(), self._reader.connect() as connection:
            count, oldest = (
                await connection.execute(
                    select(func.count(), func.min(outbox.c.occurred_at)).where(
                        outbox.c.published_at.is_(None)
                    )
                )
            ).one()
        return OutboxLag(unpublished=int(count), oldest_occurred_at=oldest)

    async def _store(self, connection: AsyncConnection, batch: ClaimedBatch) -> None:
        unpublished = outbox.c.published_at.is_(None)
        if batch.published:
            await connection.execute(
                _mark_published(batch.published, as_array=self._locking),
                {"at": self._clock.now()},
            )
        for row_id, error in batch.failed.items():
            await connection.execute(
                update(outbox)
                .where(outbox.c.id == row_id, unpublished)
                .values(attempts=outbox.c.attempts + 1, last_error=error)
            )
