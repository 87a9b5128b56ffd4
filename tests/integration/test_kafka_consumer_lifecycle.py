"""The consumer runtime's lifecycle on a real broker: SIGTERM drains the record in flight, a
rebalance waits for it, and an offset commit refused after a rebalance only means the record
comes again."""

from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from entrypoints.event_consumers import run_until_signalled
from tests.support.event_handlers import EffectRecorder, count_effects
from tests.support.kafka import TOPIC_PARTITIONS
from tests.support.kafka_consumers import (
    STEP_TIMEOUT_S,
    committed_offsets,
    consumer_for,
    produce,
    record,
    running,
    uow_factory,
    wait_until,
)
from todo_core.ports.event_handler import InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork


@dataclass(eq=False)
class _Gated(EffectRecorder):
    """Holds its first event until released, so the test can act while it is in flight."""

    entered: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    hold_for: float | None = None

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        if not self.entered.is_set():
            self.entered.set()
            if self.hold_for is None:
                await self.release.wait()
            else:
                await asyncio.sleep(self.hold_for)
        await super().handle(event, uow)


async def test_sigterm_lets_the_record_in_flight_finish_and_commit(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = _Gated()
    await produce(kafka_bootstrap_servers, kafka_topic, [record()[1]])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    process = asyncio.create_task(run_until_signalled(consumer))
    async with asyncio.timeout(STEP_TIMEOUT_S):
        await handler.entered.wait()

    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.sleep(0.2)
    assert not process.done()  # still draining
    handler.release.set()
    async with asyncio.timeout(STEP_TIMEOUT_S):
        await process

    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 1
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, consumer.group_id)
    assert sum(offsets.values()) == 1


async def test_a_rebalance_waits_for_the_record_in_flight(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = _Gated()
    await produce(kafka_bootstrap_servers, kafka_topic, [record()[1] for _ in range(6)])
    first = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    second = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    async with running(first):
        async with asyncio.timeout(STEP_TIMEOUT_S):
            await handler.entered.wait()
        async with running(second):
            # The second member's join starts a rebalance; the first's listener holds the
            # revocation until the record in flight is processed and committed.
            await wait_until(lambda: not first.assignment, what="the revocation under way")
            await asyncio.sleep(0.2)
            assert not second.assignment  # the group waits for the first member
            handler.release.set()
            await wait_until(
                lambda: first.counters.consumed + second.counters.consumed >= 6,
                what="every record consumed by one member or the other",
            )

    assert first.counters.commit_failures == 0
    assert first.counters.duplicates + second.counters.duplicates == 0
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 6
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, first.group_id)
    assert sum(offsets.values()) == 6


async def test_an_offset_commit_refused_after_a_rebalance_is_tolerated(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    """A member that stalls on a record past max.poll.interval is put out of the group; the
    other member gets the partition and the record, one of the two finds it in the inbox, and
    the stalled member's late offset commit is refused, logged, and survived."""
    handler = _Gated(hold_for=3.0)
    members = [
        consumer_for(
            kafka_bootstrap_servers,
            kafka_topic,
            migrated_postgres,
            handler,
            max_poll_interval_ms=1000,
            # Heartbeats are when aiokafka notices a stall.
            heartbeat_interval_ms=200,
        )
        for _ in range(2)
    ]
    async with running(members[0]) as first, running(members[1]) as second:
        await wait_until(
            lambda: (
                all(member.assignment for member in members)
                and len(members[0].assignment | members[1].assignment) == TOPIC_PARTITIONS
            ),
            what="both members have partitions",
        )
        await produce(kafka_bootstrap_servers, kafka_topic, [record()[1]])
        await wait_until(
            lambda: sum(member.counters.consumed for member in members) == 2,
            what="the record consumed by both members",
        )
        assert not first.done()
        assert not second.done()

    assert sum(member.counters.duplicates for member in members) == 1
    assert sum(member.counters.commit_failures for member in members) == 1
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 1
