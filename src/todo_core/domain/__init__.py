"""Entities, value objects and events: the model, free of any I/O."""

from todo_core.domain.aggregate import Aggregate
from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.notes import MAX_NOTES_LENGTH, Notes
from todo_core.domain.title import MAX_TITLE_LENGTH, Title
from todo_core.domain.todo import Todo, TodoStatus
from todo_core.domain.todo_events import TodoCreated

__all__ = [
    "MAX_NOTES_LENGTH",
    "MAX_TITLE_LENGTH",
    "Aggregate",
    "DomainEvent",
    "Notes",
    "Title",
    "Todo",
    "TodoCreated",
    "TodoId",
    "TodoStatus",
    "UserId",
]
