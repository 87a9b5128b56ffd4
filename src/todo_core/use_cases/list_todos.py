"""List the acting user's todos: filters, one sort, and signed keyset cursors.

A due bound is an instant or a plain date. Every filter compares a todo's deadline, the
instant it becomes overdue (the end of its day, in the owner's zone, for a todo due all day).
A date D stands for the start of D in the owner's zone: `due_before=D` lists what is overdue
once D begins (due on an earlier day, or at an instant up to midnight), `due_after=D` what is
not yet overdue then (due on D or later), so the two split the todos with a due between them.
An instant bound is half-open: before is strictly before, after is at or after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from todo_core.domain.calendar_range import utc_clamped
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.priority import Priority
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.domain.todo import TodoStatus
from todo_core.errors import ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.todo_query import SortKey, TodoQuery, TodoSort, sort_key
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.signed_cursor import CursorCodec
from todo_core.use_cases.shared.todo_context import owner_zone
from todo_core.use_cases.shared.todo_view import TodoView

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "ListTodos", "ListTodosQuery", "TodoPage"]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_SEARCH_LENGTH = 200
# Datetimes (ours and every store's) count microseconds, so "at or before t" is "before t + 1 µs".
_RESOLUTION = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTodosQuery:
    actor: UserId
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
    sort: TodoSort = TodoSort.CREATED
    descending: bool = True
    status: TodoStatus | None = None
    list_id: ListId | None = None
    label_id: LabelId | None = None
    # The subtasks of this todo; none for a todo that is not the owner's.
    parent_id: TodoId | None = None
    priority_min: Priority | None = None
    # An instant (with an offset) or a plain date, read in the owner's zone.
    due_before: datetime | date | None = None
    due_after: datetime | date | None = None
    overdue: bool = False
    text: str | None = None
    trashed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoPage:
    items: tuple[TodoView, ...]
    # None on the last page; otherwise pass it back unchanged to get the next one.
    next_cursor: str | None


class ListTodos:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, cursors: CursorCodec) -> None:
        self._uow = uow
        self._clock = clock
        self._cursors = cursors

    async def __call__(self, query: ListTodosQuery) -> TodoPage:
        if not 1 <= query.limit <= MAX_PAGE_SIZE:
            raise ValidationFailed(f"limit must be between 1 and {MAX_PAGE_SIZE}", field="limit")
        text = None if query.text is None else query.text.strip() or None
        if text is not None and len(text) > MAX_SEARCH_LENGTH:
            raise ValidationFailed(f"q must be at most {MAX_SEARCH_LENGTH} characters", field="q")
        for name, bound in (("due_before", query.due_before), ("due_after", query.due_after)):
            if isinstance(bound, datetime) and bound.tzinfo is None:
                raise ValidationFailed(f"{name} needs a UTC offset", field=name)
        kind = self._kind(query)
        after = None if query.cursor is None else self._decode(kind, query)
        async with self._uow() as uow:
            zone = UTC_ZONE
            if _is_day(query.due_before) or _is_day(query.due_after):
                zone = await owner_zone(uow, query.actor)
            rows = await uow.todos.query(self._repository_query(query, after, text, zone))
        page = rows[: query.limit]
        next_cursor = None
        if len(rows) > query.limit:
            next_cursor = self._cursors.encode(kind, _key_to_json(sort_key(page[-1], query.sort)))
        return TodoPage(items=tuple(TodoView.of(todo) for todo in page), next_cursor=next_cursor)

    def _repository_query(
        self, query: ListTodosQuery, after: SortKey | None, text: str | None, zone: TimeZoneName
    ) -> TodoQuery:
        return TodoQuery(
            owner_id=query.actor,
            # One extra row tells whether another page exists without a COUNT.
            limit=query.limit + 1,
            sort=query.sort,
            descending=query.descending,
            after=after,
            status=query.status,
            list_id=query.list_id,
            label_id=query.label_id,
            parent_id=query.parent_id,
            priority_min=query.priority_min,
            due_before=_deadline_bound(query.due_before, zone),
            due_after=_deadline_bound(query.due_after, zone),
            overdue_at=self._clock.now() if query.overdue else None,
            text=text,
            trashed=query.trashed,
        )

    @staticmethod
    def _kind(query: ListTodosQuery) -> str:
        # A cursor only continues the listing it came from: same sort, order and view.
        order = "desc" if query.descending else "asc"
        view = "trash" if query.trashed else "todos"
        return f"{view}:{query.sort.value}:{order}"

    def _decode(self, kind: str, query: ListTodosQuery) -> SortKey:
        assert query.cursor is not None  # noqa: S101 - checked by the caller
        values = self._cursors.decode(kind, query.cursor)
        try:
            return _key_from_json(values, query.sort)
        except (ValueError, TypeError, IndexError) as exc:
            raise ValidationFailed("cursor is not valid", field="cursor") from exc


def _is_day(bound: datetime | date | None) -> bool:
    return bound is not None and not isinstance(bound, datetime)


def _deadline_bound(bound: datetime | date | None, zone: TimeZoneName) -> datetime | None:
    """What a repository compares deadlines with. For a date D: deadlines at or before the
    start of D are before it, later ones at or after it; the start is in UTC, as a whole
    day's deadline is (see `DueDate.deadline`), so that the two compare equal. In UTC, clamped
    to what Python can hold: a bound within a day of year 1 or 9999
    (0001-01-01T00:00:00+14:00) has no UTC instant, and no deadline lies out there."""
    if bound is None:
        return None
    if isinstance(bound, datetime):
        return utc_clamped(bound)
    return utc_clamped(datetime.combine(bound, time(0), tzinfo=zone.zone)) + _RESOLUTION


def _key_to_json(key: SortKey) -> list[Any]:
    group, value, row_id = key
    shown = value.isoformat() if isinstance(value, datetime) else value
    return [group, shown, str(row_id)]


def _key_from_json(values: list[Any], sort: TodoSort) -> SortKey:
    group, value, row_id = values
    if not isinstance(group, int):
        raise TypeError(group)
    if sort in (TodoSort.CREATED, TodoSort.DUE) and value is not None:
        value = datetime.fromisoformat(value)
    elif sort in (TodoSort.PRIORITY, TodoSort.POSITION) and not isinstance(value, int):
        raise TypeError(value)
    return (group, value, UUID(row_id))
