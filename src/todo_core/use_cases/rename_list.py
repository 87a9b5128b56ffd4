"""Rename one of the acting user's lists.

Only active lists must have distinct names (ignoring case), so an archived list may take any
name; bringing it back checks again (see `unarchive_list`).
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.errors import Conflict, NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.list_view import ListView

__all__ = ["RenameList", "RenameListCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RenameListCommand:
    actor: UserId
    list_id: ListId
    name: str
    expected_version: int | None = None


class RenameList:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: RenameListCommand) -> ListView:
        name = ListName.parse(command.name)
        async with self._uow() as uow:
            todo_list = await uow.lists.get(command.actor, command.list_id)
            if todo_list is None:
                raise NotFound(f"list {command.list_id} not found")
            todo_list.require_version(command.expected_version)
            if not todo_list.archived:
                namesake = await uow.lists.find_active_by_name(command.actor, name)
                # The list itself is no rival: "work" may become "Work".
                if namesake is not None and namesake.id != todo_list.id:
                    raise Conflict(f"you already have a list named {namesake.name.value!r}")
            todo_list.rename(name, self._clock.now())
            await uow.commit()
        return ListView.of(todo_list)
