"""The consuming side of events: what an inbound event is, and who acts on it.

An `InboundEvent` is the core's view of a delivered event, whatever carried it (a Kafka record
in CloudEvents binary mode, or the in-process publisher of the embedded default). Handlers are
named by the role they play (the mailer, a projection); the name is also the consumer's name,
the key of its inbox and of its Kafka consumer group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from todo_core.ports.unit_of_work import UnitOfWork

__all__ = ["EventHandler", "InboundEvent"]


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundEvent:
    # The outbox row id the producer gave it: the identity duplicates are recognised by.
    id: UUID
    # `todo.<aggregate>.<event>.v<N>`.
    type: str
    source: str
    # The aggregate id, as text.
    subject: str
    time: datetime
    # The event's fields as JSON values; handlers ignore fields they do not know.
    data: dict[str, Any]


class EventHandler(Protocol):
    @property
    def name(self) -> str:
        """The consumer's stable name: renaming it makes every past event new to it."""
        ...

    def handles(self, event_type: str) -> bool:
        """Whether this handler acts on events of `event_type`; others are skipped."""
        ...

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        """Apply the event's effect through `uow`, without committing: the caller commits it
        together with the inbox row. Raise `UnprocessableEvent` (or `ValidationFailed`) for
        an event that can never succeed, `StorageUnavailable` / `TransientConflict` for one
        that may succeed later. The event may come again after a `uow` that was rolled back
        (a batch that failed at another event): effects go through `uow` only."""
        ...
