"""Delete one of the acting user's labels, and take it off every todo that has it.

Both happen in one transaction, so no todo ever points at a label that no longer exists.
Trashed todos lose the label too: restoring one must not bring back a dangling label.
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import LabelId, UserId
from todo_core.errors import NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["DeleteLabel", "DeleteLabelCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteLabelCommand:
    actor: UserId
    label_id: LabelId
    expected_version: int | None = None


class DeleteLabel:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: DeleteLabelCommand) -> None:
        async with self._uow() as uow:
            label = await uow.labels.get(command.actor, command.label_id)
            if label is None:
                raise NotFound(f"label {command.label_id} not found")
            label.require_version(command.expected_version)
            now = self._clock.now()
            label.mark_deleted(now)
            for todo in await uow.todos.with_label(command.actor, label.id):
                todo.remove_label(label.id, now)
            await uow.labels.remove(label)
            await uow.commit()
