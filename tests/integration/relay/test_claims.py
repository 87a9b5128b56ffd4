"""Claims on PostgreSQL: while one relay holds an aggregate's events, another gets none of that
aggregate's, not even the later ones the first did not take, yet keeps the others flowing."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyOutboxRelay
from adapters.sqlalchemy.tables import outbox
from adapters.system import SystemClock, Uuid7IdGenerator

IDS = Uuid7IdGenerator()
CLOCK = SystemClock()


async def _insert(engine: AsyncEngine, *aggregates: UUID) -> list[UUID]:
    ids = [IDS.new_id() for _ in aggregates]
    rows = [
        {
            "id": row_id,
            "aggregate_type": "todo",
            "aggregate_id": aggregate,
            "event_type": "todo.todo.updated.v1",
            "event_version": 1,
            "payload": {},
            "occurred_at": CLOCK.now(),
        }
        for row_id, aggregate in zip(ids, aggregates, strict=True)
    ]
    async with engine.begin() as connection:
        await connection.execute(insert(outbox), rows)
    return ids


async def test_a_second_relay_skips_an_aggregate_held_by_the_first(
    relay_engine: AsyncEngine,
) -> None:
    x, y = uuid4(), uuid4()
    x1, x2, y1 = await _insert(relay_engine, x, x, y)
    first, second = (SqlAlchemyOutboxRelay(relay_engine, clock=CLOCK) for _ in range(2))

    async with first.claim(1) as held:
        assert [m.id for m in held.messages] == [x1]
        async with second.claim(10) as other:
            # Not x2: published now, it would overtake x1, which the first relay still holds.
            # (y1 may wait too: the first relay locks the buckets of a window of a few batches.)
            assert [m.id for m in other.messages] in ([y1], [])
            for message in other.messages:
                other.mark_published(message)
        held.mark_published(held.messages[0])

    async with second.claim(10) as after:
        assert [m.id for m in after.messages] in ([x2], [x2, y1])
    assert (await first.lag()).unpublished == len(after.messages)  # claimed, nothing recorded
