"""List the acting user's todos, newest first, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import TodoId, UserId
from todo_core.errors import ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.page_cursor import decode_cursor, encode_cursor
from todo_core.use_cases.todo_view import TodoView

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "ListTodos", "ListTodosQuery", "TodoPage"]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTodosQuery:
    actor: UserId
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoPage:
    items: tuple[TodoView, ...]
    # None on the last page; otherwise pass it back to get the next one.
    next_cursor: str | None


class ListTodos:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: ListTodosQuery) -> TodoPage:
        if not 1 <= query.limit <= MAX_PAGE_SIZE:
            raise ValidationFailed(f"limit must be between 1 and {MAX_PAGE_SIZE}", field="limit")
        before = TodoId(decode_cursor(query.cursor)) if query.cursor is not None else None
        async with self._uow() as uow:
            # One extra row tells whether another page exists without a COUNT.
            rows = await uow.todos.list_newest_first(
                query.actor, limit=query.limit + 1, before=before
            )
        items = tuple(TodoView.of(todo) for todo in rows[: query.limit])
        has_more = len(rows) > query.limit
        return TodoPage(items=items, next_cursor=encode_cursor(items[-1].id) if has_more else None)
