"""ProcessEvent: one effect per event however often it is delivered, nothing stored on failure."""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.event_handlers import (
    POISON,
    EffectRecorder,
    count_effects,
    inbound_event,
    process_with,
)
from todo_core import (
    Conflict,
    StorageUnavailable,
    TransientConflict,
    UnprocessableEvent,
    ValidationFailed,
)
from todo_core.ports.event_handler import InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases.process_event import Outcome, is_transient


async def test_an_event_is_processed_once_however_often_it_comes(store: InMemoryStore) -> None:
    handler = EffectRecorder()
    process = process_with(handler, lambda: InMemoryUnitOfWork(store))
    event = inbound_event()

    outcomes = [await process(event) for _ in range(3)]

    assert outcomes == [Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert await count_effects(lambda: InMemoryUnitOfWork(store), handler.owner) == 1
    assert store.inbox.keys() == {(handler.name, event.id)}


async def test_each_consumer_has_its_own_inbox(store: InMemoryStore) -> None:
    first, second = EffectRecorder(), EffectRecorder()
    event = inbound_event()

    for handler in (first, second):
        assert await process_with(handler, lambda: InMemoryUnitOfWork(store))(event) == (
            Outcome.PROCESSED
        )

    assert store.inbox.keys() == {(first.name, event.id), (second.name, event.id)}


async def test_a_known_type_the_handler_does_not_act_on_is_ignored(store: InMemoryStore) -> None:
    handler = EffectRecorder()
    process = process_with(handler, lambda: InMemoryUnitOfWork(store))

    assert await process(inbound_event("todo.todo.completed.v1")) is Outcome.IGNORED
    assert handler.calls == []
    assert store.inbox == {}


async def test_an_unknown_type_or_version_is_unprocessable(store: InMemoryStore) -> None:
    handler = EffectRecorder(types=frozenset({"todo.todo.created.v2"}))
    process = process_with(handler, lambda: InMemoryUnitOfWork(store))

    with pytest.raises(UnprocessableEvent, match=r"todo\.todo\.created\.v2"):
        await process(inbound_event("todo.todo.created.v2"))
    assert handler.calls == []


@pytest.mark.parametrize("failure", ["permanent", "transient"])
async def test_a_failed_handler_leaves_neither_effect_nor_inbox_row(
    store: InMemoryStore, failure: str
) -> None:
    if failure == "permanent":
        event, handler = inbound_event(title=POISON), EffectRecorder()
    else:
        event = inbound_event()
        handler = EffectRecorder(transient_failures={event.id: 1})
    process = process_with(handler, lambda: InMemoryUnitOfWork(store))

    expected = UnprocessableEvent if failure == "permanent" else StorageUnavailable
    with pytest.raises(expected) as info:
        await process(event)

    assert is_transient(info.value) is (failure == "transient")
    assert store.inbox == {}
    assert store.todos.rows == {}


async def test_a_delivery_that_loses_the_race_to_a_concurrent_one_is_a_duplicate(
    store: InMemoryStore,
) -> None:
    """Two members of a group handling one event during a rebalance: the later commit finds
    the inbox row of the earlier and reports a duplicate, with the earlier's effect only."""
    handler = EffectRecorder()
    event = inbound_event()

    class Racing(EffectRecorder):
        async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
            await super().handle(event, uow)
            # The other delivery commits while this one is between its check and its commit.
            await process_with(handler, lambda: InMemoryUnitOfWork(store))(event)

    racing = Racing(consumer_name=handler.name, owner=handler.owner)
    outcome = await process_with(racing, lambda: InMemoryUnitOfWork(store))(event)

    assert outcome is Outcome.DUPLICATE
    assert await count_effects(lambda: InMemoryUnitOfWork(store), handler.owner) == 1


def test_only_storage_outages_and_lost_races_are_transient() -> None:
    assert is_transient(StorageUnavailable("down"))
    assert is_transient(TransientConflict("lost"))
    assert not is_transient(Conflict("taken"))
    assert not is_transient(ValidationFailed("bad"))
    assert not is_transient(KeyError("title"))
