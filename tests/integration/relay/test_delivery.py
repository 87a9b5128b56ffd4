"""At least once, in order per aggregate: what the relay promises when it dies at the worst
moment, when several run at once, and when one event cannot be published."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from uuid import uuid4

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import EventTopics
from adapters.sqlalchemy import create_engine
from adapters.sqlalchemy.tables import outbox
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.container import Container, build_container
from entrypoints.relay import RelayOptions
from tests.integration.relay.conftest import relay_settings
from tests.integration.relay.records import (
    outbox_order,
    published_order,
    topics_reader,
    wait_until_drained,
)
from tests.support.event_handlers import EffectRecorder, count_effects
from tests.support.kafka_consumers import consumer_for, running, uow_factory, wait_until
from todo_core.domain import TodoId, UserId
from todo_core.ports.event_publisher import EventPublisher, OutboxMessage
from todo_core.use_cases import CreateTodoCommand, PatchTodoCommand, TodoCommand

IDS = Uuid7IdGenerator()


class _DiesAfterTheAck(EventPublisher):
    """Publishes for real, then hangs, as a relay does that the kernel is about to kill."""

    def __init__(self, inner: EventPublisher) -> None:
        self._inner = inner
        self.acked = asyncio.Event()

    async def publish(self, message: OutboxMessage) -> None:
        await self._inner.publish(message)
        self.acked.set()
        await asyncio.Event().wait()


@pytest.fixture
def consumer_database_url(postgres_database: Callable[[], str]) -> str:
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - as the database fixtures do

    # A sync fixture: both run asyncio.run of their own, on the main thread, before the
    # test's loop starts (in a worker thread, the engine's greenlets would die with it).
    url = postgres_database()
    upgrade(url)
    return url


@pytest.fixture
async def consumer_engine(consumer_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(consumer_database_url)
    yield engine
    await engine.dispose()


async def test_a_relay_killed_after_the_ack_and_before_marking_publishes_again_one_effect(
    relay_container: Container,
    relay_engine: AsyncEngine,
    consumer_engine: AsyncEngine,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
) -> None:
    app = relay_container.application()
    todo = await app.create_todo(CreateTodoCommand(actor=UserId(uuid4()), title="twice"))
    publisher = relay_container.kafka_publisher()
    assert publisher is not None
    dying = relay_container.relay(publisher=_DiesAfterTheAck(publisher))

    batch = asyncio.create_task(dying.relay_batch())
    await asyncio.wait_for(dying._publisher.acked.wait(), 10)  # type: ignore[attr-defined]
    batch.cancel()  # killed: the claiming transaction never commits
    await asyncio.gather(batch, return_exceptions=True)

    async with relay_engine.connect() as connection:
        rows = (await connection.execute(select(outbox.c.published_at))).all()
    assert rows
    assert all(row.published_at is None for row in rows)
    # The next relay publishes everything again, the acknowledged record included.
    assert (await relay_container.relay().relay_batch()).published == len(rows)
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=len(rows) + 1)
    ids = [r.event.id for r in records if r.event.subject == str(todo.id)]
    assert len(ids) == 2
    assert len(set(ids)) == 1  # the same event, twice

    # A consumer reading the todos topic (its effects in a database of its own) sees both
    # records and applies the event once: its inbox absorbs the duplicate.
    handler = EffectRecorder(types=frozenset({"todo.todo.created.v1"}))
    topic = event_topics.topic_for("todo.todo.created.v1")
    consumer = consumer_for(kafka_bootstrap_servers, topic, consumer_engine, handler)
    async with running(consumer):
        await wait_until(lambda: consumer.counters.consumed == 2, what="both records consumed")
    assert consumer.counters.duplicates == 1
    assert handler.calls == [ids[0]]
    assert await count_effects(uow_factory(consumer_engine), handler.owner) == 1


async def _burst(container: Container, todos: list[TodoId], owner: UserId, rounds: int) -> None:
    app = container.application()
    for n in range(rounds):
        for todo_id in todos:
            if n % 3 == 0:
                await app.complete_todo(TodoCommand(actor=owner, todo_id=todo_id))
            elif n % 3 == 1:
                await app.reopen_todo(TodoCommand(actor=owner, todo_id=todo_id))
            else:
                await app.patch_todo(
                    PatchTodoCommand(actor=owner, todo_id=todo_id, title=f"round {n}")
                )


async def test_two_relays_at_once_keep_per_todo_order_and_publish_each_event_once(
    relay_container: Container,
    relay_database_url: str,
    relay_engine: AsyncEngine,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
) -> None:
    owner = UserId(uuid4())
    app = relay_container.application()
    todos = [
        TodoId((await app.create_todo(CreateTodoCommand(actor=owner, title=f"t{n}"))).id)
        for n in range(8)
    ]
    # A second process: its own container, engine, producer and listening connection.
    # Small batches: many claims, each racing the other relay's.
    settings = relay_settings(relay_database_url, kafka_bootstrap_servers, event_topics)
    other = build_container(settings.model_copy(update={"relay_batch_size": 3}))
    relays = [relay_container.relay(options=RelayOptions(batch_size=3)), other.relay()]
    stop = asyncio.Event()
    running = [asyncio.create_task(relay.run(stop)) for relay in relays]
    try:
        await asyncio.gather(
            _burst(relay_container, todos[:4], owner, rounds=9),
            _burst(other, todos[4:], owner, rounds=9),
        )
        await wait_until_drained(relay_container.outbox().lag, within_s=60)
    finally:
        stop.set()
        await asyncio.gather(*running)
        other_publisher = other.kafka_publisher()
        assert other_publisher is not None
        await other_publisher.close()
        await other.engine().dispose()

    expected = await outbox_order(relay_engine)
    total = sum(len(ids) for ids in expected.values())
    assert total == 1 + 8 + 8 * 9  # the Inbox, the todos, the burst
    assert [relay.failed_total for relay in relays] == [0, 0]
    assert sum(relay.published_total for relay in relays) == total
    assert all(relay.published_total > 0 for relay in relays), "one relay did all the work"
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=total)
    assert len(records) == total  # nothing lost, nothing twice
    assert published_order(records, event_topics) == expected


async def test_a_failed_event_holds_back_its_aggregate_and_no_other(
    relay_container: Container,
    relay_engine: AsyncEngine,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
) -> None:
    stuck, flowing = uuid4(), uuid4()
    now = SystemClock().now()

    def row(aggregate: object, event_type: str) -> dict[str, object]:
        return {
            "id": IDS.new_id(),
            "aggregate_type": "todo",
            "aggregate_id": aggregate,
            "event_type": event_type,
            "event_version": 1,
            "payload": {"n": 1},
            "occurred_at": now,
        }

    rows = [
        row(stuck, "todo.todo.created.v1"),
        # No topic routes this type: publishing it fails, as a broker refusal would.
        row(stuck, "todo.gadget.assembled.v1"),
        row(flowing, "todo.todo.created.v1"),
        row(stuck, "todo.todo.completed.v1"),
        row(flowing, "todo.todo.completed.v1"),
    ]
    async with relay_engine.begin() as connection:
        await connection.execute(insert(outbox), rows)

    relay = relay_container.relay()
    outcome = await relay.relay_batch()
    assert (outcome.claimed, outcome.published, outcome.failed) == (5, 3, 1)
    # This relay leaves the stuck aggregate out for a while (backing off) ...
    assert (await relay.relay_batch()).claimed == 0
    # ... another one tries it again, in order: the failed row first, and still not the next.
    outcome = await relay_container.relay().relay_batch()
    assert (outcome.claimed, outcome.published, outcome.failed) == (2, 0, 1)

    async with relay_engine.connect() as connection:
        state = {
            r.id: r
            for r in await connection.execute(
                select(outbox.c.id, outbox.c.published_at, outbox.c.attempts, outbox.c.last_error)
            )
        }
    published = [bool(state[r["id"]].published_at) for r in rows]
    assert published == [True, False, True, False, True]
    failed = state[rows[1]["id"]]
    assert failed.attempts == 2
    assert "UnroutableEvent" in failed.last_error
    assert state[rows[3]["id"]].attempts == 0  # held back, never tried: it must not overtake
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=3)
    assert sorted((r.event.subject, r.event.type) for r in records) == sorted(
        [
            (str(stuck), "todo.todo.created.v1"),
            (str(flowing), "todo.todo.created.v1"),
            (str(flowing), "todo.todo.completed.v1"),
        ]
    )
    lag = await relay_container.outbox().lag()
    assert lag.unpublished == 2
    assert lag.oldest_occurred_at == now
