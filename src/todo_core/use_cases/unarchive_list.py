"""Bring one of the acting user's archived lists back.

Its name must not clash with an active list created meanwhile (`Conflict`: rename one first).
Unarchiving an active list is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.errors import Conflict, NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.list_view import ListView

__all__ = ["UnarchiveList", "UnarchiveListCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UnarchiveListCommand:
    actor: UserId
    list_id: ListId
    expected_version: int | None = None


class UnarchiveList:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: UnarchiveListCommand) -> ListView:
        async with self._uow() as uow:
            todo_list = await uow.lists.get(command.actor, command.list_id)
            if todo_list is None:
                raise NotFound(f"list {command.list_id} not found")
            todo_list.require_version(command.expected_version)
            if todo_list.archived:
                namesake = await uow.lists.find_active_by_name(command.actor, todo_list.name)
                if namesake is not None:
                    raise Conflict(f"you already have an active list named {namesake.name.value!r}")
            todo_list.unarchive(self._clock.now())
            await uow.commit()
        return ListView.of(todo_list)
