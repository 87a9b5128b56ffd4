"""Fetch one of the acting user's lists."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import ListId, UserId
from todo_core.errors import NotFound
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.list_view import ListView

__all__ = ["GetList", "GetListQuery"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GetListQuery:
    actor: UserId
    list_id: ListId


class GetList:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetListQuery) -> ListView:
        async with self._uow() as uow:
            todo_list = await uow.lists.get(query.actor, query.list_id)
        if todo_list is None:
            # Someone else's list looks exactly like a missing one: no existence leak.
            raise NotFound(f"list {query.list_id} not found")
        return ListView.of(todo_list)
