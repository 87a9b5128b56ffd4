"""Move one of the acting user's lists to another position.

A position is a sort key, not an index (see `TodoList`): the other lists keep theirs, so a
client moving a list between two others picks a free number or moves them as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.domain.todo_list import TodoList
from todo_core.errors import NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.list_view import ListView

__all__ = ["ReorderList", "ReorderListCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReorderListCommand:
    actor: UserId
    list_id: ListId
    position: int
    expected_version: int | None = None


class ReorderList:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: ReorderListCommand) -> ListView:
        position = TodoList.check_position(command.position)
        async with self._uow() as uow:
            todo_list = await uow.lists.get(command.actor, command.list_id)
            if todo_list is None:
                raise NotFound(f"list {command.list_id} not found")
            todo_list.require_version(command.expected_version)
            todo_list.move_to(position, self._clock.now())
            await uow.commit()
        return ListView.of(todo_list)
