"""Archive one of the acting user's lists: hidden from the default listing, kept with its todos.

Archiving an archived list is a no-op; the Inbox cannot be archived (`Conflict`).
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.errors import NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.list_view import ListView

__all__ = ["ArchiveList", "ArchiveListCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveListCommand:
    actor: UserId
    list_id: ListId
    expected_version: int | None = None


class ArchiveList:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: ArchiveListCommand) -> ListView:
        async with self._uow() as uow:
            todo_list = await uow.lists.get(command.actor, command.list_id)
            if todo_list is None:
                raise NotFound(f"list {command.list_id} not found")
            todo_list.require_version(command.expected_version)
            todo_list.archive(self._clock.now())
            await uow.commit()
        return ListView.of(todo_list)
