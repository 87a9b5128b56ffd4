"""Deterministic clock and ids for unit tests: real implementations of the ports, not mocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator

__all__ = ["FixedClock", "SequentialIds"]


@dataclass
class FixedClock(Clock):
    current: datetime = field(default_factory=lambda: datetime(2026, 3, 29, 0, 30, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@dataclass
class SequentialIds(IdGenerator):
    """Ids that sort in the order they were made, like UUIDv7, but readable in failures."""

    issued: int = 0

    def new_id(self) -> UUID:
        self.issued += 1
        return UUID(int=(0x0190_0000_0000_7000_8000_0000_0000_0000 + self.issued))
