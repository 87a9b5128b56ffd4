"""The reference answer to a `TodoQuery`: what every other repository must return too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from todo_core.domain.todo import Todo
from todo_core.ports.todo_query import SortKey, TodoQuery, sort_key

__all__ = ["matches", "order_and_page"]


def matches(todo: Todo, query: TodoQuery) -> bool:  # noqa: PLR0911 - one clause per filter
    if todo.owner_id != query.owner_id or todo.is_trashed != query.trashed:
        return False
    if query.status is not None and todo.status is not query.status:
        return False
    if query.list_id is not None and todo.list_id != query.list_id:
        return False
    if query.label_id is not None and query.label_id not in todo.labels:
        return False
    if query.parent_id is not None and todo.parent_id != query.parent_id:
        return False
    if query.priority_min is not None and todo.priority.rank < query.priority_min.rank:
        return False
    deadline = todo.due_deadline
    if query.due_before is not None and (deadline is None or deadline >= query.due_before):
        return False
    if query.due_after is not None and (deadline is None or deadline < query.due_after):
        return False
    if query.overdue_at is not None and not todo.is_overdue(query.overdue_at):
        return False
    if query.text is not None:
        needle = query.text.casefold()
        return needle in todo.title.value.casefold() or needle in todo.notes.value.casefold()
    return True


def _comes_after(key: SortKey, cursor: SortKey, *, descending: bool) -> bool:
    if key[0] != cursor[0]:
        return key[0] > cursor[0]
    rest: tuple[Any, Any] = (key[1], key[2])
    cursor_rest: tuple[Any, Any] = (cursor[1], cursor[2])
    return rest < cursor_rest if descending else rest > cursor_rest


def order_and_page(todos: Iterable[Todo], query: TodoQuery) -> list[Todo]:
    keyed = [(sort_key(todo, query.sort), todo) for todo in todos]
    if query.after is not None:
        after = query.after
        keyed = [(k, t) for k, t in keyed if _comes_after(k, after, descending=query.descending)]
    # Groups ascending; inside a group, (value, id) in the query's direction. Values of
    # different groups are never compared (a missing due has no value to compare).
    ordered: list[Todo] = []
    for group in sorted({key[0] for key, _ in keyed}):
        members = [(key, todo) for key, todo in keyed if key[0] == group]
        members.sort(key=lambda pair: (pair[0][1], pair[0][2]), reverse=query.descending)
        ordered += [todo for _, todo in members]
    return ordered[: query.limit]
