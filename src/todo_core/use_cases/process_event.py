"""Process one inbound event for one consumer, at most once in effect however often it arrives.

Delivery is at least once (a relay may publish twice, a consumer may die before its offset is
committed), so the effect and the inbox row (consumer, event id) are written in one unit of
work: an event found in the inbox is skipped, and two deliveries racing each other cannot
both commit, since the second inbox insert collides with the first.

`ProcessEvent.batch` does the same for several events in delivery order (the records of a
Kafka fetch, each partition's in their order) in a single unit of work: one inbox lookup, the
handler for each new event in order, one inbox write, one commit. All or nothing: when one
event fails, none of the batch is stored, and the caller tries smaller parts, down to one
event at a time, to learn which event it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from uuid import UUID

from todo_core.errors import (
    Conflict,
    StorageUnavailable,
    TransientConflict,
    UnprocessableEvent,
    ValidationFailed,
)
from todo_core.ports.clock import Clock
from todo_core.ports.event_handler import EventHandler, InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork

__all__ = ["Outcome", "ProcessEvent", "is_permanent", "is_transient"]


class Outcome(StrEnum):
    PROCESSED = "processed"
    # Already in the inbox: a redelivery, skipped.
    DUPLICATE = "duplicate"
    # A known type this handler does not act on.
    IGNORED = "ignored"


def is_transient(error: BaseException) -> bool:
    """Errors worth retrying in place: the store will come back, the race will be won."""
    return isinstance(error, StorageUnavailable | TransientConflict)


def is_permanent(error: BaseException) -> bool:
    """Errors that processing the same event again will only repeat."""
    return isinstance(error, UnprocessableEvent | ValidationFailed)


class ProcessEvent:
    """`await process(event)` runs `handler` on `event` once, idempotently; see the module doc.

    Raises `UnprocessableEvent` for a type outside `known_types` (a version this code does not
    understand), and whatever the handler raised, with nothing stored.
    """

    def __init__(
        self,
        *,
        handler: EventHandler,
        uow: Callable[[], UnitOfWork],
        clock: Clock,
        known_types: frozenset[str],
    ) -> None:
        self._handler = handler
        self._uow = uow
        self._clock = clock
        self._known_types = known_types

    @property
    def consumer(self) -> str:
        return self._handler.name

    async def __call__(self, event: InboundEvent) -> Outcome:
        if event.type not in self._known_types:
            raise UnprocessableEvent(f"unknown event type {event.type!r}")
        if not self._handler.handles(event.type):
            return Outcome.IGNORED
        consumer = self._handler.name
        try:
            async with self._uow() as uow:
                if await uow.inbox.contains(consumer, event.id):
                    return Outcome.DUPLICATE
                await self._handler.handle(event, uow)
                await uow.inbox.add(consumer, event.id, processed_at=self._clock.now())
                await uow.commit()
        except TransientConflict:
            raise
        except Conflict:
            # Another delivery of the same event committed first (a rebalance handed the
            # partition over mid-event); anything else is the handler's own conflict.
            if await self._processed(event):
                return Outcome.DUPLICATE
            raise
        return Outcome.PROCESSED

    async def batch(self, events: Sequence[InboundEvent]) -> list[Outcome]:
        """Each event's outcome, as calling the use case on each in turn would give, with the
        effects of all of them committed together (an event twice in `events` is a duplicate
        the second time).

        Raises, with nothing stored, what processing one of them would raise; also `Conflict`
        when another delivery of one of them committed first (one at a time tells which).
        """
        for event in events:
            if event.type not in self._known_types:
                raise UnprocessableEvent(f"unknown event type {event.type!r}")
        outcomes = [
            Outcome.PROCESSED if self._handler.handles(event.type) else Outcome.IGNORED
            for event in events
        ]
        handled = [
            event.id
            for event, outcome in zip(events, outcomes, strict=True)
            if outcome is Outcome.PROCESSED
        ]
        if not handled:
            return outcomes
        consumer = self._handler.name
        async with self._uow() as uow:
            done = await uow.inbox.processed(consumer, handled)
            added: list[UUID] = []
            for index, event in enumerate(events):
                if outcomes[index] is Outcome.IGNORED:
                    continue
                if event.id in done:
                    outcomes[index] = Outcome.DUPLICATE
                    continue
                await self._handler.handle(event, uow)
                done.add(event.id)
                added.append(event.id)
            if added:
                await uow.inbox.add_all(consumer, added, processed_at=self._clock.now())
                await uow.commit()
        return outcomes

    async def _processed(self, event: InboundEvent) -> bool:
        async with self._uow() as uow:
            return await uow.inbox.contains(self._handler.name, event.id)
