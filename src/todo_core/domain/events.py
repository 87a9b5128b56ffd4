"""Domain events: facts in the past tense, recorded by aggregates, stored in the outbox on commit.

Each event names the aggregate it belongs to (the ordering key downstream) and a versioned type,
so the wire contract can evolve by adding a new version instead of changing an old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

__all__ = ["DomainEvent"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    """Base of every event; subclasses set the class variables that name them on the wire."""

    aggregate_type: ClassVar[str]
    event_name: ClassVar[str]
    event_version: ClassVar[int] = 1

    occurred_at: datetime

    @property
    def aggregate_id(self) -> UUID:
        raise NotImplementedError

    @classmethod
    def event_type(cls) -> str:
        """The stable wire name, e.g. `todo.todo.created.v1`."""
        return f"todo.{cls.aggregate_type}.{cls.event_name}.v{cls.event_version}"
