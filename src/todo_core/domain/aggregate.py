"""What every aggregate shares: identity-based equality and a queue of recorded events."""

from __future__ import annotations

from dataclasses import dataclass, field

from todo_core.domain.events import DomainEvent

__all__ = ["Aggregate"]


@dataclass(kw_only=True, eq=False)
class Aggregate:
    """Events wait here until the unit of work that saw the aggregate collects them on commit."""

    _events: list[DomainEvent] = field(default_factory=list, repr=False, init=False)

    def record(self, event: DomainEvent) -> None:
        self._events.append(event)

    def pull_events(self) -> list[DomainEvent]:
        """Hand over the recorded events exactly once."""
        events, self._events = self._events, []
        return events
