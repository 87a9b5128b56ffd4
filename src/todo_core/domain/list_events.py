"""What happens to a todo list; every event names the list and its owner.

Payloads carry plain values (the wire contract) and what a consumer needs to apply the change
without a lookup: the new name, the new position. Each class is one concrete wire type, with no
shared base between them and `DomainEvent`, so every subclass of `DomainEvent` is publishable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import ListId, UserId

__all__ = [
    "ListArchived",
    "ListCreated",
    "ListDeleted",
    "ListMoved",
    "ListRenamed",
    "ListUnarchived",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListCreated(DomainEvent):
    aggregate_type: ClassVar[str] = "list"
    event_name: ClassVar[str] = "created"

    list_id: ListId
    owner_id: UserId
    name: str
    position: int
    is_inbox: bool

    @property
    def aggregate_id(self) -> UUID:
        return self.list_id


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRenamed(DomainEvent):
    aggregate_type: ClassVar[str] = "list"
    event_name: ClassVar[str] = "renamed"

    list_id: ListId
    owner_id: UserId
    name: str

    @property
    def aggregate_id(self) -> UUID:
        return self.list_id


@dataclass(frozen=True, slots=True, kw_only=True)
class ListMoved(DomainEvent):
    aggregate_type: ClassVar[str] = "list"
    event_name: ClassVar[str] = "moved"

    list_id: ListId
    owner_id: UserId
    position: int

    @property
    def aggregate_id(self) -> UUID:
        return self.list_id


@dataclass(frozen=True, slots=True, kw_only=True)
class ListArchived(DomainEvent):
    aggregate_type: ClassVar[str] = "list"
    event_name: ClassVar[str] = "archived"

    list_id: ListId
    owner_id: UserId

    @property
    def aggregate_id(self) -> UUID:
        return self.list_id


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUnarchived(DomainEvent):
    aggregate_type: ClassVar[str] = "list"
    event_name: ClassVar[str] = "unarchived"

    list_id: ListId
    owner_id: UserId

    @property
    def aggregate_id(self) -> UUID:
        return self.list_id


@dataclass(frozen=True, slots=True, kw_only=True)
class ListDeleted(DomainEvent):
    """The list is gone; its todos were moved to the trash in the same commit."""

    aggregate_type: ClassVar[str] = "list"
    event_name: ClassVar[str] = "deleted"

    list_id: ListId
    owner_id: UserId

    @property
    def aggregate_id(self) -> UUID:
        return self.list_id
