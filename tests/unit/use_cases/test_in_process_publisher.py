"""The in-process publisher runs the consumers' handlers through the same idempotent path as
Kafka does: one effect per event, transient failures left to the relay's retry, poison set
aside so the relay moves on."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from adapters.kafka import decode
from adapters.memory import InMemoryDeadLetterStore, InMemoryStore, InMemoryUnitOfWork
from tests.support.event_handlers import POISON, EffectRecorder, count_effects, process_with
from tests.support.fakes import FixedClock, SequentialIds
from todo_core import StorageUnavailable
from todo_core.ports.event_publisher import OutboxMessage
from todo_core.use_cases.shared.in_process_publisher import InProcessEventPublisher

WHEN = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def _message(title: str = "buy milk", *, aggregate: UUID | None = None) -> OutboxMessage:
    return OutboxMessage(
        id=uuid4(),
        aggregate_type="todo",
        aggregate_id=aggregate if aggregate is not None else uuid4(),
        event_type="todo.todo.created.v1",
        event_version=1,
        occurred_at=WHEN,
        payload={"title": title},
    )


def _publisher(
    store: InMemoryStore, dead_letters: InMemoryDeadLetterStore, *handlers: EffectRecorder
) -> InProcessEventPublisher:
    return InProcessEventPublisher(
        [process_with(handler, lambda: InMemoryUnitOfWork(store)) for handler in handlers],
        dead_letters=dead_letters,
        clock=FixedClock(),
        ids=SequentialIds(),
    )


async def test_every_handler_acts_once_on_a_message_published_twice(store: InMemoryStore) -> None:
    first, second = EffectRecorder(), EffectRecorder()
    publisher = _publisher(store, InMemoryDeadLetterStore(), first, second)
    message = _message()

    await publisher.publish(message)
    await publisher.publish(message)

    for handler in (first, second):
        assert await count_effects(lambda: InMemoryUnitOfWork(store), handler.owner) == 1
    assert store.inbox.keys() == {(first.name, message.id), (second.name, message.id)}


async def test_a_transient_failure_raises_so_the_relay_publishes_again(
    store: InMemoryStore,
) -> None:
    message = _message()
    steady, flaky = EffectRecorder(), EffectRecorder(transient_failures={message.id: 1})
    publisher = _publisher(store, InMemoryDeadLetterStore(), steady, flaky)

    with pytest.raises(StorageUnavailable):
        await publisher.publish(message)
    await publisher.publish(message)

    for handler in (steady, flaky):
        assert await count_effects(lambda: InMemoryUnitOfWork(store), handler.owner) == 1


async def test_a_poison_event_is_dead_lettered_and_the_other_handlers_still_run(
    store: InMemoryStore,
) -> None:
    refusing = EffectRecorder()
    other = EffectRecorder(poison_title=None)
    dead_letters = InMemoryDeadLetterStore()
    publisher = _publisher(store, dead_letters, refusing, other)
    message = _message(title=POISON)

    await publisher.publish(message)

    (letter,) = await dead_letters.pending()
    assert letter.consumer == refusing.name
    assert letter.error.startswith("UnprocessableEvent:")
    assert (letter.topic, letter.partition, letter.offset, letter.attempts) == (None, None, None, 1)
    # Stored as the CloudEvents record Kafka would have carried, so a replay can decode it.
    event = decode(letter.key, letter.value, letter.headers)
    assert (event.id, event.type, event.data) == (message.id, message.event_type, message.payload)
    assert event.subject == str(message.aggregate_id)
    # The refusing handler's inbox has no row: a replay after the fix will process it.
    assert store.inbox.keys() == {(other.name, message.id)}
    assert await count_effects(lambda: InMemoryUnitOfWork(store), other.owner) == 1


async def test_a_batch_is_handled_in_order_per_aggregate_and_a_failure_stops_only_its_own(
    store: InMemoryStore,
) -> None:
    stuck, flowing = uuid4(), uuid4()
    batch = [
        _message("s1", aggregate=stuck),
        _message("f1", aggregate=flowing),
        _message("s2", aggregate=stuck),
        _message("f2", aggregate=flowing),
        _message("s3", aggregate=stuck),
        _message("f3", aggregate=flowing),
    ]
    s1, f1, s2, f2, s3, f3 = batch
    handler = EffectRecorder(transient_failures={s2.id: 1})
    publisher = _publisher(store, InMemoryDeadLetterStore(), handler)

    results = await publisher.publish_batch(batch)

    assert [error is None for error in results] == [True, True, False, True, False, True]
    assert isinstance(results[2], StorageUnavailable)
    # s3 comes after the failed s2: never handed to the handler, so it cannot overtake it.
    assert [call for call in handler.calls if call in {s1.id, s2.id, s3.id}] == [s1.id, s2.id]
    assert [call for call in handler.calls if call in {f1.id, f2.id, f3.id}] == [
        f1.id,
        f2.id,
        f3.id,
    ]
    # The relay's retry: the stuck aggregate's rest, in order.
    assert await publisher.publish_batch([s2, s3]) == [None, None]
    assert await count_effects(lambda: InMemoryUnitOfWork(store), handler.owner) == 6
