"""Delete every todo in the acting user's trash for good, with their subtasks, one bounded
batch per transaction (a large trash never holds one long transaction)."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.todo_events import TodoPurged
from todo_core.errors import ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.todo_query import TodoQuery
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["EmptyTrash", "EmptyTrashCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EmptyTrashCommand:
    actor: UserId
    # Trashed todos per transaction.
    batch_size: int = 200


class EmptyTrash:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: EmptyTrashCommand) -> int:
        """How many todos were purged, subtasks included."""
        if command.batch_size < 1:
            raise ValidationFailed("a batch holds at least one todo", field="batch_size")
        purged = 0
        while True:
            removed = await self._purge_batch(command)
            purged += removed
            if removed == 0:
                return purged

    async def _purge_batch(self, command: EmptyTrashCommand) -> int:
        now = self._clock.now()
        gone: set[TodoId] = set()
        async with self._uow() as uow:
            trashed = await uow.todos.query(
                TodoQuery(owner_id=command.actor, trashed=True, limit=command.batch_size)
            )
            for todo in trashed:
                for doomed in [*await uow.todos.children_of(command.actor, todo.id), todo]:
                    if doomed.id in gone:
                        continue
                    gone.add(doomed.id)
                    doomed.record(
                        TodoPurged(occurred_at=now, todo_id=doomed.id, owner_id=doomed.owner_id)
                    )
                    await uow.todos.remove(doomed)
            await uow.commit()
        return len(gone)
