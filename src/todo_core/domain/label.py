"""The Label aggregate: a coloured tag a user puts on their own todos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.aggregate import Aggregate
from todo_core.domain.colour import Colour
from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label_events import (
    LabelCreated,
    LabelDeleted,
    LabelRecoloured,
    LabelRenamed,
)
from todo_core.domain.label_name import LabelName

__all__ = ["Label"]


@dataclass(kw_only=True, eq=False)
class Label(Aggregate):
    id: LabelId
    owner_id: UserId
    name: LabelName
    colour: Colour
    created_at: datetime
    updated_at: datetime

    @classmethod
    def create(
        cls, *, label_id: LabelId, owner_id: UserId, name: LabelName, colour: Colour, now: datetime
    ) -> Label:
        label = cls(
            id=label_id,
            owner_id=owner_id,
            name=name,
            colour=colour,
            created_at=now,
            updated_at=now,
            version=1,
        )
        label.record(
            LabelCreated(
                occurred_at=now,
                label_id=label_id,
                owner_id=owner_id,
                name=name.value,
                colour=colour.value,
            )
        )
        return label

    def rename(self, name: LabelName, now: datetime) -> bool:
        if name == self.name:
            return False
        self.name = name
        self._touch(now)
        self.record(
            LabelRenamed(occurred_at=now, label_id=self.id, owner_id=self.owner_id, name=name.value)
        )
        return True

    def recolour(self, colour: Colour, now: datetime) -> bool:
        if colour == self.colour:
            return False
        self.colour = colour
        self._touch(now)
        self.record(
            LabelRecoloured(
                occurred_at=now, label_id=self.id, owner_id=self.owner_id, colour=colour.value
            )
        )
        return True

    def mark_deleted(self, now: datetime) -> None:
        """Record the deletion; the caller removes the label from its repository.

        The version stays: a removed aggregate has no next version, and the store must compare
        the one it loaded.
        """
        self.record(LabelDeleted(occurred_at=now, label_id=self.id, owner_id=self.owner_id))

    def _touch(self, now: datetime) -> None:
        self._bump_version()
        self.updated_at = now
