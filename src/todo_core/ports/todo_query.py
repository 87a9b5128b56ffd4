"""What a todo listing asks the repository for: filters, one sort, and a keyset position.

Every repository answers the same query with the same rows in the same order: the in-memory
adapter is the reference, and the SQL adapters are tested against the same contract suite.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.priority import Priority
from todo_core.domain.todo import Todo, TodoStatus

__all__ = ["SortKey", "TodoQuery", "TodoSort", "sort_key"]


class TodoSort(enum.StrEnum):
    CREATED = "created"
    DUE = "due"
    PRIORITY = "priority"
    POSITION = "position"


# Where a page ended: (group, value, id). Rows sort by group ascending, then by (value, id) in
# the query's direction. Only `due` uses the group: todos without a due come after every todo
# with one, whichever the direction.
SortKey = tuple[int, object, UUID]


def sort_key(todo: Todo, sort: TodoSort) -> SortKey:
    if sort is TodoSort.DUE:
        if todo.due_deadline is None:
            return (1, None, todo.id)
        return (0, todo.due_deadline, todo.id)
    if sort is TodoSort.PRIORITY:
        return (0, todo.priority.rank, todo.id)
    if sort is TodoSort.POSITION:
        return (0, todo.position, todo.id)
    return (0, todo.created_at, todo.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class TodoQuery:
    owner_id: UserId
    limit: int
    sort: TodoSort = TodoSort.CREATED
    descending: bool = True
    after: SortKey | None = None
    status: TodoStatus | None = None
    list_id: ListId | None = None
    label_id: LabelId | None = None
    # Only the subtasks of this todo.
    parent_id: TodoId | None = None
    priority_min: Priority | None = None
    # Deadlines strictly before `due_before`, at or after `due_after`.
    due_before: datetime | None = None
    due_after: datetime | None = None
    # When set, only todos overdue at this instant.
    overdue_at: datetime | None = None
    # Case-insensitive substring of the title or the notes.
    text: str | None = None
    # The trash view: only trashed todos instead of only live ones.
    trashed: bool = False
