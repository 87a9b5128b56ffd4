"""Delete one of the acting user's lists; its todos go to the trash in the same transaction.

Decision: trash, not re-home. Deleting a list is a strong "I am done with these", so its todos
leave the active views, yet nothing is lost at once: each todo can be restored from the trash
until the trash is purged. The list and the trashing of its todos commit together, so a reader
never sees a deleted list whose todos are still active. The Inbox cannot be deleted (`Conflict`).
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.errors import NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["DeleteList", "DeleteListCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteListCommand:
    actor: UserId
    list_id: ListId
    expected_version: int | None = None


class DeleteList:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: DeleteListCommand) -> None:
        async with self._uow() as uow:
            todo_list = await uow.lists.get(command.actor, command.list_id)
            if todo_list is None:
                raise NotFound(f"list {command.list_id} not found")
            todo_list.require_version(command.expected_version)
            now = self._clock.now()
            # First, so the Inbox is refused before any todo is touched.
            todo_list.mark_deleted(now)
            for todo in await uow.todos.in_list(command.actor, todo_list.id):
                todo.trash(now)
            await uow.lists.remove(todo_list)
            await uow.commit()
