"""Create a list for the acting user; it goes last, after every list they already have."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import TodoList
from todo_core.errors import Conflict
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.list_view import ListView

__all__ = ["CreateList", "CreateListCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateListCommand:
    actor: UserId
    name: str


class CreateList:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: CreateListCommand) -> ListView:
        name = ListName.parse(command.name)
        async with self._uow() as uow:
            # A clear message for the common case; the store's unique key settles a race.
            namesake = await uow.lists.find_active_by_name(command.actor, name)
            if namesake is not None:
                raise Conflict(f"you already have a list named {namesake.name.value!r}")
            last = await uow.lists.last_position(command.actor)
            todo_list = TodoList.create(
                list_id=ListId(self._ids.new_id()),
                owner_id=command.actor,
                name=name,
                position=0 if last is None else last + 1,
                now=self._clock.now(),
            )
            await uow.lists.add(todo_list)
            await uow.commit()
        return ListView.of(todo_list)
