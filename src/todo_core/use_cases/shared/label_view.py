"""What a use case hands back about a label: a frozen snapshot, never the live aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label import Label

__all__ = ["LabelView"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelView:
    id: LabelId
    owner_id: UserId
    name: str
    colour: str
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, label: Label) -> LabelView:
        return cls(
            id=label.id,
            owner_id=label.owner_id,
            name=label.name.value,
            colour=label.colour.value,
            created_at=label.created_at,
            updated_at=label.updated_at,
            version=label.version,
        )
