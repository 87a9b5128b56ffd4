"""Change one of the acting user's lists: rename, move, archive or unarchive, in one transaction.

Only the fields given change. Every rule is checked inside one unit of work, so a change
refused for any field leaves the list exactly as it was: the Inbox cannot be archived
(`Conflict`); only active lists must have distinct names (ignoring case), so the name a list
ends up with is checked against the active lists exactly when the list ends up active (an
archived list may take any name; bringing it back checks its name again). A position is a
sort key, not an index (see `TodoList`): the other lists keep theirs.

Each real change still records its own event and version step, so the answer's version may
be several past the expected one.
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import TodoList
from todo_core.errors import Conflict, NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.partial_update import require_a_change
from todo_core.use_cases.shared.todo_inputs import UNSET, Unset

__all__ = ["PatchList", "PatchListCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PatchListCommand:
    actor: UserId
    list_id: ListId
    name: str | Unset = UNSET
    position: int | Unset = UNSET
    archived: bool | Unset = UNSET
    # The version the caller last saw; None skips the check.
    expected_version: int | None = None

    def __post_init__(self) -> None:
        require_a_change(
            name=self.name is not UNSET,
            position=self.position is not UNSET,
            archived=self.archived is not UNSET,
        )


class PatchList:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: PatchListCommand) -> ListView:
        name = None if isinstance(command.name, Unset) else ListName.parse(command.name)
        position = command.position
        if not isinstance(position, Unset):
            TodoList.check_position(position)
        async with self._uow() as uow:
            todo_list = await uow.lists.get(command.actor, command.list_id)
            if todo_list is None:
                raise NotFound(f"list {command.list_id} not found")
            todo_list.require_version(command.expected_version)
            archived = command.archived
            if isinstance(archived, Unset):
                archived = todo_list.archived
            if not archived and (name is not None or todo_list.archived):
                await _refuse_a_namesake(uow, todo_list, name or todo_list.name)
            now = self._clock.now()
            if archived:
                todo_list.archive(now)
            if name is not None:
                todo_list.rename(name, now)
            if not archived:
                todo_list.unarchive(now)
            if not isinstance(position, Unset):
                todo_list.move_to(position, now)
            await uow.commit()
        return ListView.of(todo_list)


async def _refuse_a_namesake(uow: UnitOfWork, todo_list: TodoList, name: ListName) -> None:
    """The name the list will have while active must be free among the active lists."""
    namesake = await uow.lists.find_active_by_name(todo_list.owner_id, name)
    # The list itself is no rival: "work" may become "Work".
    if namesake is not None and namesake.id != todo_list.id:
        raise Conflict(f"you already have an active list named {namesake.name.value!r}")
