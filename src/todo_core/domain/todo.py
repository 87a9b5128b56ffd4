"""The Todo aggregate: a task owned by one user."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.aggregate import Aggregate
from todo_core.domain.events import TodoCreated
from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.title import Title
from todo_core.errors import ValidationFailed

__all__ = ["Todo", "TodoStatus"]


class TodoStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


@dataclass(kw_only=True, eq=False)
class Todo(Aggregate):
    id: TodoId
    owner_id: UserId
    title: Title
    notes: Notes
    status: TodoStatus
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.created_at.tzinfo is None or self.updated_at.tzinfo is None:
            # A naive datetime is ambiguous across time zones; the clock port gives aware ones.
            raise ValidationFailed("timestamps must carry a time zone", field="created_at")

    @classmethod
    def create(
        cls, *, todo_id: TodoId, owner_id: UserId, title: Title, notes: Notes, now: datetime
    ) -> Todo:
        todo = cls(
            id=todo_id,
            owner_id=owner_id,
            title=title,
            notes=notes,
            status=TodoStatus.OPEN,
            created_at=now,
            updated_at=now,
            version=1,
        )
        todo.record(
            TodoCreated(occurred_at=now, todo_id=todo_id, owner_id=owner_id, title=title.value)
        )
        return todo
