"""The in-memory inbox's plural forms behave as the SQL table: one write, all rows or none."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from todo_core import Conflict

WHEN = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


async def test_processed_names_the_events_recorded_for_that_consumer(store: InMemoryStore) -> None:
    committed, pending, unknown = uuid4(), uuid4(), uuid4()
    async with InMemoryUnitOfWork(store) as uow:
        await uow.inbox.add("mailer", committed, processed_at=WHEN)
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        await uow.inbox.add("mailer", pending, processed_at=WHEN)

        assert await uow.inbox.processed("mailer", [committed, pending, unknown]) == {
            committed,
            pending,
        }
        assert await uow.inbox.processed("digest", [committed, pending]) == set()


async def test_add_all_records_every_event_at_commit(store: InMemoryStore) -> None:
    events = [uuid4(), uuid4()]
    async with InMemoryUnitOfWork(store) as uow:
        await uow.inbox.add_all("mailer", events, processed_at=WHEN)
        assert store.inbox == {}
        await uow.commit()

    assert store.inbox == {("mailer", event): WHEN for event in events}


@pytest.mark.parametrize("taken", ["committed", "in this unit", "twice in the list"])
async def test_add_all_refuses_an_event_recorded_already_and_adds_none(
    store: InMemoryStore, taken: str
) -> None:
    first, second = uuid4(), uuid4()
    if taken == "committed":
        async with InMemoryUnitOfWork(store) as uow:
            await uow.inbox.add("mailer", second, processed_at=WHEN)
            await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        if taken == "in this unit":
            await uow.inbox.add("mailer", second, processed_at=WHEN)
        batch = [first, second, first] if taken == "twice in the list" else [first, second]

        with pytest.raises(Conflict):
            await uow.inbox.add_all("mailer", batch, processed_at=WHEN)

        assert not await uow.inbox.contains("mailer", first)
