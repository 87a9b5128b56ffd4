"""List the acting user's lists in display order, (position, id), one page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import UserId
from todo_core.errors import ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.list_todos import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from todo_core.use_cases.shared.list_cursor import decode_list_cursor, encode_list_cursor
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.signed_cursor import CursorCodec

__all__ = ["ListLists", "ListListsQuery", "ListPage"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListListsQuery:
    actor: UserId
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
    include_archived: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPage:
    items: tuple[ListView, ...]
    # None on the last page; otherwise pass it back to get the next one.
    next_cursor: str | None


class ListLists:
    def __init__(self, *, uow: UnitOfWorkFactory, cursors: CursorCodec) -> None:
        self._uow = uow
        self._cursors = cursors

    async def __call__(self, query: ListListsQuery) -> ListPage:
        if not 1 <= query.limit <= MAX_PAGE_SIZE:
            raise ValidationFailed(f"limit must be between 1 and {MAX_PAGE_SIZE}", field="limit")
        after = None if query.cursor is None else decode_list_cursor(self._cursors, query.cursor)
        async with self._uow() as uow:
            # One extra row tells whether another page exists without a COUNT.
            rows = await uow.lists.list_for_owner(
                query.actor,
                limit=query.limit + 1,
                after=after,
                include_archived=query.include_archived,
            )
        items = tuple(ListView.of(todo_list) for todo_list in rows[: query.limit])
        if len(rows) <= query.limit:
            return ListPage(items=items, next_cursor=None)
        last = items[-1]
        next_cursor = encode_list_cursor(self._cursors, (last.position, last.id))
        return ListPage(items=items, next_cursor=next_cursor)
