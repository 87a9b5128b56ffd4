"""What every aggregate shares: identity, a version, and a queue of recorded events."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from todo_core.domain.events import DomainEvent
from todo_core.errors import PreconditionFailed, ValidationFailed

__all__ = ["Aggregate"]


@dataclass(kw_only=True, eq=False)
class Aggregate:
    """Equal by id; `version` starts at 1 and grows by one with every change.

    Units of work persist an aggregate whose version grew since it was loaded, and only if the
    stored version is still the loaded one (optimistic concurrency). Events wait in the
    aggregate until the unit of work that saw it collects them on commit.
    """

    id: UUID
    version: int
    _events: list[DomainEvent] = field(default_factory=list, repr=False, init=False)

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValidationFailed("version starts at 1", field="version")

    def record(self, event: DomainEvent) -> None:
        self._events.append(event)

    def pull_events(self) -> list[DomainEvent]:
        """Hand over the recorded events exactly once."""
        events, self._events = self._events, []
        return events

    def require_version(self, expected: int | None) -> None:
        """The caller's copy must be current; `None` means the caller does not care."""
        if expected is not None and expected != self.version:
            raise PreconditionFailed(
                f"version {expected} is stale: the current version is {self.version}"
            )

    def _bump_version(self) -> None:
        self.version += 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Aggregate) and type(other) is type(self) and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))
