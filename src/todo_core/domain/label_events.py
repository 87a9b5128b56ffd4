"""What happens to a label; every event names the label and its owner.

Payloads carry plain values (the wire contract): the new name, the new colour as #rrggbb. Each
class is one concrete wire type, so every subclass of `DomainEvent` is publishable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import LabelId, UserId

__all__ = ["LabelCreated", "LabelDeleted", "LabelRecoloured", "LabelRenamed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelCreated(DomainEvent):
    aggregate_type: ClassVar[str] = "label"
    event_name: ClassVar[str] = "created"

    label_id: LabelId
    owner_id: UserId
    name: str
    colour: str

    @property
    def aggregate_id(self) -> UUID:
        return self.label_id


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelRenamed(DomainEvent):
    aggregate_type: ClassVar[str] = "label"
    event_name: ClassVar[str] = "renamed"

    label_id: LabelId
    owner_id: UserId
    name: str

    @property
    def aggregate_id(self) -> UUID:
        return self.label_id


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelRecoloured(DomainEvent):
    aggregate_type: ClassVar[str] = "label"
    event_name: ClassVar[str] = "recoloured"

    label_id: LabelId
    owner_id: UserId
    colour: str

    @property
    def aggregate_id(self) -> UUID:
        return self.label_id


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelDeleted(DomainEvent):
    """The label is gone; it was taken off every todo in the same commit."""

    aggregate_type: ClassVar[str] = "label"
    event_name: ClassVar[str] = "deleted"

    label_id: LabelId
    owner_id: UserId

    @property
    def aggregate_id(self) -> UUID:
        return self.label_id
