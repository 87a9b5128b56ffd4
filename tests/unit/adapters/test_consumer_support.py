"""The consumer runtime's backoff schedule, and the in-memory inbox's commit-time check."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from adapters.kafka.consumer_support import RetryPolicy
from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from todo_core import Conflict

WHEN = datetime(2026, 11, 26, tzinfo=UTC)


def test_pauses_double_from_the_first_up_to_the_cap() -> None:
    policy = RetryPolicy(first_delay_s=0.25, max_delay_s=3.0)

    assert [policy.delay(attempt) for attempt in range(1, 7)] == [0.25, 0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.delay(10_000) == 3.0  # no overflow after a very long outage


async def test_two_units_recording_one_event_cannot_both_commit(store: InMemoryStore) -> None:
    event_id = uuid4()
    async with InMemoryUnitOfWork(store) as first, InMemoryUnitOfWork(store) as second:
        await first.inbox.add("mailer", event_id, processed_at=WHEN)
        await second.inbox.add("mailer", event_id, processed_at=WHEN)
        await first.commit()
        with pytest.raises(Conflict):
            await second.commit()
    assert store.inbox == {("mailer", event_id): WHEN}


async def test_an_inbox_row_is_private_until_commit(store: InMemoryStore) -> None:
    event_id = uuid4()
    async with InMemoryUnitOfWork(store) as uow:
        await uow.inbox.add("mailer", event_id, processed_at=WHEN)
        assert await uow.inbox.contains("mailer", event_id)
    assert store.inbox == {}
