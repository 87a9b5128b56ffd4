"""The consumer runtime's batches on a real Kafka broker and a real PostgreSQL: a fetch is
processed in one transaction, in partition order; a poison record in the middle of a batch
costs the others nothing; a batch redelivered after a crash is absorbed by the inbox."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import KafkaRecord
from adapters.sqlalchemy import SqlAlchemyDeadLetterStore
from tests.support.event_handlers import POISON, EffectRecorder, effect_titles, process_with
from tests.support.kafka_consumers import (
    committed_offsets,
    consumer_for,
    produce,
    record,
    running,
    uow_factory,
    wait_until,
)
from todo_core.ports.event_handler import InboundEvent
from todo_core.use_cases.process_event import Outcome, ProcessEvent


def _one_aggregate(count: int, *, aggregate: UUID | None = None) -> list[tuple[UUID, KafkaRecord]]:
    """Records with one key: one partition, in this order."""
    aggregate = aggregate or uuid4()
    return [record(aggregate_id=aggregate) for _ in range(count)]


def _titles(event_ids: Sequence[UUID]) -> list[str]:
    return sorted(f"effect of {event_id}" for event_id in event_ids)


async def test_a_fetch_is_processed_in_one_transaction_in_partition_order(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = EffectRecorder()
    first = _one_aggregate(10)
    await produce(kafka_bootstrap_servers, kafka_topic, [item for _, item in first])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)

    async with running(consumer):
        await wait_until(lambda: consumer.counters.consumed == 10, what="the first records")
        # Everything already in the partition arrives in one fetch, so in one transaction.
        assert consumer.counters.batches == 1
        aggregate = UUID(first[0][1].key.decode())
        later = _one_aggregate(10, aggregate=aggregate)
        await produce(kafka_bootstrap_servers, kafka_topic, [item for _, item in later])
        await wait_until(lambda: consumer.counters.consumed == 20, what="the later records")

    event_ids = [event_id for event_id, _ in first + later]
    assert handler.calls == event_ids
    assert await effect_titles(uow_factory(migrated_postgres), handler.owner) == _titles(event_ids)
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, consumer.group_id)
    assert sum(offsets.values()) == 20


async def test_a_poison_record_mid_batch_is_set_aside_and_the_others_have_their_effect_once(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = EffectRecorder()
    aggregate = uuid4()
    before = _one_aggregate(2, aggregate=aggregate)
    poison_id, poison = record(aggregate_id=aggregate, title=POISON)
    after = _one_aggregate(2, aggregate=aggregate)
    # Other aggregates, other partitions (most likely): the same fetch, unharmed.
    elsewhere = [record() for _ in range(6)]
    records = [item for _, item in before] + [poison] + [item for _, item in after]
    await produce(kafka_bootstrap_servers, kafka_topic, records + [i for _, i in elsewhere])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)

    async with running(consumer):
        await wait_until(
            lambda: consumer.counters.consumed == 10 and consumer.counters.dead_lettered == 1,
            what="ten records processed and the poison set aside",
        )

    (letter,) = await SqlAlchemyDeadLetterStore(migrated_postgres).pending(consumer=handler.name)
    assert letter.value == poison.value
    assert letter.offset == 2
    assert letter.error.startswith("UnprocessableEvent:")
    good = [event_id for event_id, _ in before + after + elsewhere]
    assert await effect_titles(uow_factory(migrated_postgres), handler.owner) == _titles(good)
    assert consumer.counters.duplicates == 0
    # The partition's own records were handled in their order, the poison in its place, to
    # the end: the batch's failed attempt first, then one record at a time.
    in_partition = [event_id for event_id, _ in before] + [poison_id]
    in_partition += [event_id for event_id, _ in after]
    handled_last = [event_id for event_id in handler.calls if event_id in in_partition]
    assert handled_last[-5:] == in_partition
    # The records before the poison were handled in the failed attempt too, yet have one effect.
    assert handler.calls.count(before[0][0]) >= 2
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, consumer.group_id)
    assert sum(offsets.values()) == 11


async def test_records_after_a_poison_are_still_retried_in_place_when_the_database_fails(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    aggregate = uuid4()
    poison_id, poison = record(aggregate_id=aggregate, title=POISON)
    later_id, later = record(aggregate_id=aggregate)
    handler = EffectRecorder(transient_failures={later_id: 1})
    await produce(kafka_bootstrap_servers, kafka_topic, [poison, later])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)

    async with running(consumer):
        await wait_until(
            lambda: consumer.counters.consumed == 1 and consumer.counters.dead_lettered == 1,
            what="the poison set aside and the record after it processed",
        )

    assert consumer.counters.retried == 1
    assert handler.calls[-3:] == [poison_id, later_id, later_id]
    assert await effect_titles(uow_factory(migrated_postgres), handler.owner) == _titles([later_id])
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, consumer.group_id)
    assert sum(offsets.values()) == 2


class _Crash(BaseException):
    """The process dying: nothing after it runs, no `except Exception` catches it."""


class _CrashAfterDatabaseCommit(ProcessEvent):
    async def __call__(self, event: InboundEvent) -> Outcome:
        await super().__call__(event)
        raise _Crash

    async def batch(self, events: Sequence[InboundEvent]) -> list[Outcome]:
        await super().batch(events)
        raise _Crash


async def test_a_batch_redelivered_after_a_crash_has_each_effect_once(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = EffectRecorder()
    first = _one_aggregate(5)
    await produce(kafka_bootstrap_servers, kafka_topic, [item for _, item in first])
    crashing = process_with(handler, uow_factory(migrated_postgres), kind=_CrashAfterDatabaseCommit)
    doomed = consumer_for(
        kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler, process=crashing
    )

    with pytest.raises(_Crash):
        await doomed.run()

    done_before = len(handler.calls)
    assert done_before >= 1
    assert await committed_offsets(kafka_bootstrap_servers, kafka_topic, doomed.group_id) == {}
    later = _one_aggregate(5, aggregate=UUID(first[0][1].key.decode()))
    await produce(kafka_bootstrap_servers, kafka_topic, [item for _, item in later])

    restarted = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    async with running(restarted):
        await wait_until(lambda: restarted.counters.consumed == 10, what="the redelivery")

    # What the crashed run had stored comes again and is recognised; the rest is new.
    assert restarted.counters.duplicates == done_before
    event_ids = [event_id for event_id, _ in first + later]
    assert handler.calls == event_ids
    assert await effect_titles(uow_factory(migrated_postgres), handler.owner) == _titles(event_ids)
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, doomed.group_id)
    assert sum(offsets.values()) == 10
