"""Where new identifiers come from: time-ordered UUIDs, so ids sort by creation."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

__all__ = ["IdGenerator"]


class IdGenerator(Protocol):
    def new_id(self) -> UUID:
        """A fresh UUID whose order follows creation time (UUIDv7)."""
        ...
