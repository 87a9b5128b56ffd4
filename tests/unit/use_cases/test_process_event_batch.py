"""ProcessEvent.batch: a batch's events in one unit of work, each with the outcome it would
have alone, all effects stored together or none."""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.event_handlers import (
    POISON,
    EffectRecorder,
    effect_titles,
    inbound_event,
    process_with,
)
from todo_core import Conflict, StorageUnavailable, UnprocessableEvent
from todo_core.ports.event_handler import InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases.process_event import Outcome


async def test_a_batch_has_each_effect_once_in_order_with_each_events_outcome(
    store: InMemoryStore,
) -> None:
    handler = EffectRecorder()
    process = process_with(handler, lambda: InMemoryUnitOfWork(store))
    seen_before = inbound_event()
    await process(seen_before)
    first, second, ignored = (
        inbound_event(),
        inbound_event(),
        inbound_event("todo.todo.completed.v1"),
    )
    handler.calls.clear()

    outcomes = await process.batch([first, seen_before, ignored, second, first])

    assert outcomes == [
        Outcome.PROCESSED,
        Outcome.DUPLICATE,
        Outcome.IGNORED,
        Outcome.PROCESSED,
        Outcome.DUPLICATE,  # twice in one batch: the second is a redelivery
    ]
    assert handler.calls == [first.id, second.id]
    titles = await effect_titles(lambda: InMemoryUnitOfWork(store), handler.owner)
    assert titles == sorted(f"effect of {event.id}" for event in (seen_before, first, second))
    assert store.inbox.keys() == {(handler.name, e.id) for e in (seen_before, first, second)}
    assert await process.batch([first, second]) == [Outcome.DUPLICATE, Outcome.DUPLICATE]


@pytest.mark.parametrize("failure", ["poison", "transient", "unknown type"])
async def test_a_failure_anywhere_in_a_batch_stores_nothing_of_it(
    store: InMemoryStore, failure: str
) -> None:
    before, after = inbound_event(), inbound_event()
    culprit = {
        "poison": inbound_event(title=POISON),
        "transient": inbound_event(),
        "unknown type": inbound_event("todo.todo.created.v9"),
    }[failure]
    handler = EffectRecorder(transient_failures={culprit.id: 1} if failure == "transient" else {})
    process = process_with(handler, lambda: InMemoryUnitOfWork(store))
    expected = {
        "poison": UnprocessableEvent,
        "transient": StorageUnavailable,
        "unknown type": UnprocessableEvent,
    }[failure]

    with pytest.raises(expected):
        await process.batch([before, culprit, after])

    assert store.inbox == {}
    assert store.todos.rows == {}
    # The batch again without the culprit: nothing of the failed attempt is in its way.
    assert await process.batch([before, after]) == [Outcome.PROCESSED, Outcome.PROCESSED]
    assert len(await effect_titles(lambda: InMemoryUnitOfWork(store), handler.owner)) == 2


async def test_a_batch_losing_the_race_to_another_delivery_raises_conflict(
    store: InMemoryStore,
) -> None:
    """Another member of the group commits one of the batch's events while the batch is being
    processed: the batch's commit fails as a whole, and one event at a time sorts it out."""
    handler = EffectRecorder()
    raced, other = inbound_event(), inbound_event()

    class Racing(EffectRecorder):
        async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
            await super().handle(event, uow)
            if event.id == other.id:
                await process_with(handler, lambda: InMemoryUnitOfWork(store))(raced)

    racing = Racing(consumer_name=handler.name, owner=handler.owner)
    process = process_with(racing, lambda: InMemoryUnitOfWork(store))

    with pytest.raises(Conflict):
        await process.batch([raced, other])

    assert store.inbox.keys() == {(handler.name, raced.id)}
    assert [await process(event) for event in (raced, other)] == [
        Outcome.DUPLICATE,
        Outcome.PROCESSED,
    ]
    assert len(await effect_titles(lambda: InMemoryUnitOfWork(store), handler.owner)) == 2


async def test_a_batch_the_handler_acts_on_none_of_opens_no_unit_of_work(
    store: InMemoryStore,
) -> None:
    handler = EffectRecorder()
    opened: list[InMemoryUnitOfWork] = []

    def uow() -> InMemoryUnitOfWork:
        opened.append(InMemoryUnitOfWork(store))
        return opened[-1]

    outcomes = await process_with(handler, uow).batch([inbound_event("todo.todo.completed.v1")] * 2)

    assert outcomes == [Outcome.IGNORED, Outcome.IGNORED]
    assert opened == []
