"""The command shape of the todo state changes that need only the todo and a version."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import TodoId, UserId

__all__ = ["TodoCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoCommand:
    actor: UserId
    todo_id: TodoId
    # The version the caller last saw; None skips the check.
    expected_version: int | None = None
