"""How urgent a todo is; ordered, so lists can filter by "at least high"."""

from __future__ import annotations

import enum

__all__ = ["Priority"]


class Priority(enum.StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for none up to 4 for urgent: what sorting and `priority_min` compare."""
        return _RANKS[self]


_RANKS = {priority: rank for rank, priority in enumerate(Priority)}
