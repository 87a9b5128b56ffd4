"""Retention: delete for good every todo that has been in the trash longer than N days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from todo_core.domain.todo_events import TodoPurged
from todo_core.errors import ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["PurgeOldTrash", "PurgeOldTrashCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PurgeOldTrashCommand:
    older_than_days: int = 30
    batch_size: int = 500


class PurgeOldTrash:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: PurgeOldTrashCommand) -> int:
        """How many todos were purged (at most one batch per call)."""
        if command.older_than_days < 1:
            raise ValidationFailed("keep trash at least one day", field="older_than_days")
        now = self._clock.now()
        cutoff = now - timedelta(days=command.older_than_days)
        async with self._uow() as uow:
            doomed = await uow.todos.trashed_before(cutoff, limit=command.batch_size)
            for todo in doomed:
                todo.record(TodoPurged(occurred_at=now, todo_id=todo.id, owner_id=todo.owner_id))
                await uow.todos.remove(todo)
            await uow.commit()
        return len(doomed)
