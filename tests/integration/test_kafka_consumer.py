"""The consumer runtime on a real Kafka broker and a real PostgreSQL: at-least-once delivery
in, one effect per event out, poison set aside, transient failures waited out in order."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import KafkaRecord
from adapters.sqlalchemy import SqlAlchemyDeadLetterStore
from entrypoints.dead_letter_replay import replay_dead_letters
from entrypoints.settings import Settings
from tests.support.event_handlers import POISON, EffectRecorder, count_effects, process_with
from tests.support.kafka_consumers import (
    committed_offsets,
    consumer_for,
    produce,
    record,
    reset_to_earliest,
    running,
    uow_factory,
    wait_until,
)
from todo_core.ports.event_handler import InboundEvent
from todo_core.use_cases.process_event import Outcome, ProcessEvent


async def test_an_event_delivered_twice_has_one_effect(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = EffectRecorder()
    (twice_id, twice), (_, once) = record(), record()
    await produce(kafka_bootstrap_servers, kafka_topic, [twice, once, twice])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)

    async with running(consumer):
        await wait_until(lambda: consumer.counters.consumed == 3, what="three records consumed")

    assert consumer.counters.duplicates == 1
    assert handler.calls.count(twice_id) == 1
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 2
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, consumer.group_id)
    assert sum(offsets.values()) == 3  # every record's offset committed, nothing left behind


class _Crash(BaseException):
    """The process dying: nothing after it runs, no `except Exception` catches it."""


class _CrashAfterDatabaseCommit(ProcessEvent):
    async def __call__(self, event: InboundEvent) -> Outcome:
        await super().__call__(event)
        raise _Crash


async def test_a_consumer_killed_before_its_offset_commit_gets_the_event_again_once(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = EffectRecorder()
    event_id, item = record()
    await produce(kafka_bootstrap_servers, kafka_topic, [item])
    crashing = process_with(handler, uow_factory(migrated_postgres), kind=_CrashAfterDatabaseCommit)
    doomed = consumer_for(
        kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler, process=crashing
    )

    with pytest.raises(_Crash):
        await doomed.run()

    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 1
    assert await committed_offsets(kafka_bootstrap_servers, kafka_topic, doomed.group_id) == {}

    restarted = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    assert restarted.group_id == doomed.group_id
    async with running(restarted):
        await wait_until(lambda: restarted.counters.consumed == 1, what="the redelivery")

    assert restarted.counters.duplicates == 1
    assert handler.calls == [event_id]
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 1
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, doomed.group_id)
    assert sum(offsets.values()) == 1


async def test_everything_published_twice_and_reread_from_earliest_adds_no_effect(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = EffectRecorder()
    records = [record() for _ in range(10)]
    await produce(kafka_bootstrap_servers, kafka_topic, [item for _, item in records] * 2)
    first = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    async with running(first):
        await wait_until(lambda: first.counters.consumed == 20, what="twenty records consumed")
    assert first.counters.duplicates == 10
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 10

    await reset_to_earliest(kafka_bootstrap_servers, kafka_topic, first.group_id)
    again = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    async with running(again):
        await wait_until(lambda: again.counters.consumed == 20, what="the topic read again")

    assert again.counters.duplicates == 20
    assert len(handler.calls) == 10
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 10


async def test_poison_is_dead_lettered_and_the_partition_moves_on(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    handler = EffectRecorder()
    _, good = record()
    key = good.key  # one aggregate: every record below lands on the same partition, in order
    aggregate = UUID(key.decode())
    garbage = KafkaRecord(key=key, value=b"\xff\x00 not json", headers=(("ce_id", b"\xfe"),))
    _, unknown = record(aggregate_id=aggregate, event_type="todo.todo.created.v9")
    _, refused = record(aggregate_id=aggregate, title=POISON)
    _, later = record(aggregate_id=aggregate, title="after the poison")
    await produce(kafka_bootstrap_servers, kafka_topic, [garbage, unknown, refused, later])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)

    async with running(consumer):
        await wait_until(
            lambda: consumer.counters.dead_lettered == 3 and consumer.counters.consumed == 1,
            what="three dead letters and one event processed",
        )

    letters = await SqlAlchemyDeadLetterStore(migrated_postgres).pending(consumer=handler.name)
    assert [letter.offset for letter in letters] == [0, 1, 2]
    assert len({letter.partition for letter in letters}) == 1
    assert all(letter.topic == kafka_topic and letter.key == key for letter in letters)
    assert all(letter.attempts == 1 for letter in letters)
    assert [letter.headers for letter in letters] == [
        garbage.headers,
        unknown.headers,
        refused.headers,
    ]
    assert [letter.value for letter in letters] == [garbage.value, unknown.value, refused.value]
    errors = [letter.error for letter in letters]
    assert errors[0].startswith("MalformedCloudEvent:")
    assert errors[1].startswith("UnprocessableEvent:")
    assert "todo.todo.created.v9" in errors[1]
    assert errors[2].startswith("UnprocessableEvent:")
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 1
    offsets = await committed_offsets(kafka_bootstrap_servers, kafka_topic, consumer.group_id)
    assert offsets == {letters[0].partition: 4}


async def test_transient_failures_are_retried_in_place_keeping_order(
    kafka_bootstrap_servers: str, kafka_topic: str, migrated_postgres: AsyncEngine
) -> None:
    first_id, first = record()
    aggregate = UUID(first.key.decode())
    later = [record(aggregate_id=aggregate) for _ in range(2)]
    handler = EffectRecorder(transient_failures={first_id: 2})
    await produce(kafka_bootstrap_servers, kafka_topic, [first, *(item for _, item in later)])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)

    async with running(consumer):
        await wait_until(lambda: consumer.counters.consumed == 3, what="three records consumed")

    assert handler.calls == [first_id, first_id, first_id, *(event_id for event_id, _ in later)]
    assert consumer.counters.retried == 2
    assert consumer.counters.dead_lettered == 0
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 3


async def test_a_replayed_dead_letter_is_processed_once_its_cause_is_fixed(
    kafka_bootstrap_servers: str,
    kafka_topic: str,
    migrated_postgres: AsyncEngine,
    migrated_postgres_url: str,
) -> None:
    handler = EffectRecorder()
    event_id, refused = record(title=POISON)
    await produce(kafka_bootstrap_servers, kafka_topic, [refused])
    consumer = consumer_for(kafka_bootstrap_servers, kafka_topic, migrated_postgres, handler)
    settings = Settings(
        database_url=migrated_postgres_url, kafka_bootstrap_servers=kafka_bootstrap_servers
    )

    async with running(consumer):
        await wait_until(lambda: consumer.counters.dead_lettered == 1, what="the dead letter")
        handler.poison_title = None  # the fix
        report = await replay_dead_letters(settings, consumer=handler.name, limit=10, dry_run=False)
        await wait_until(lambda: consumer.counters.consumed == 1, what="the replayed record")

    assert [letter.value for letter in report.replayed] == [refused.value]
    assert handler.calls == [event_id, event_id]
    assert await count_effects(uow_factory(migrated_postgres), handler.owner) == 1
    assert await SqlAlchemyDeadLetterStore(migrated_postgres).pending(consumer=handler.name) == []
