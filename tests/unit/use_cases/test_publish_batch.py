"""The port's default `publish_batch`, which publishers without a batch of their own (the
in-process one) inherit: each aggregate's messages in order, a bounded number of aggregates at
once, and what became of each message in the batch's order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID, uuid4

from todo_core.ports.event_publisher import EventPublisher, OutboxMessage

WHEN = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def _message(aggregate: UUID) -> OutboxMessage:
    return OutboxMessage(
        id=uuid4(),
        aggregate_type="todo",
        aggregate_id=aggregate,
        event_type="todo.todo.created.v1",
        event_version=1,
        occurred_at=WHEN,
        payload={},
    )


class _Recording(EventPublisher):
    """Publishes after a turn of the loop, noting the order and how many were in flight."""

    def __init__(self, failing: frozenset[UUID] = frozenset()) -> None:
        self.failing = failing
        self.published: list[UUID] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def publish(self, message: OutboxMessage) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0)
            if message.id in self.failing:
                raise RuntimeError("refused (test)")
            self.published.append(message.id)
        finally:
            self.in_flight -= 1


async def test_a_large_batch_runs_a_bounded_number_of_aggregates_at_once() -> None:
    batch = [_message(uuid4()) for _ in range(200)]
    publisher = _Recording()

    results = await publisher.publish_batch(batch)

    assert results == [None] * len(batch)
    assert sorted(publisher.published) == sorted(message.id for message in batch)
    assert 1 < publisher.most_in_flight <= 64


async def test_each_aggregates_messages_go_in_order_and_stop_at_a_failure() -> None:
    one, two = uuid4(), uuid4()
    batch = [_message(one), _message(two), _message(one), _message(two), _message(one)]
    publisher = _Recording(failing=frozenset({batch[2].id}))

    results = await publisher.publish_batch(batch)

    assert [error is None for error in results] == [True, True, False, True, False]
    assert results[4] is results[2]  # held back by the failure before it
    assert [i for i in publisher.published if i in {batch[0].id, batch[2].id, batch[4].id}] == [
        batch[0].id
    ]
    assert [i for i in publisher.published if i in {batch[1].id, batch[3].id}] == [
        batch[1].id,
        batch[3].id,
    ]
