"""Storage of Label aggregates, always scoped to one owner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label import Label
from todo_core.domain.label_name import LabelName

__all__ = ["LabelRepository"]


class LabelRepository(Protocol):
    async def add(self, label: Label) -> None:
        """Stage a new label; commit raises `Conflict` if the owner has one of the same name."""
        ...

    async def get(self, owner_id: UserId, label_id: LabelId) -> Label | None:
        """The owner's label, or None when it does not exist or belongs to someone else."""
        ...

    async def find_by_name(self, owner_id: UserId, name: LabelName) -> Label | None:
        """The owner's label whose name equals `name` ignoring case."""
        ...

    async def list_for_owner(self, owner_id: UserId) -> Sequence[Label]:
        """All the owner's labels ordered by name (ignoring case), then id."""
        ...

    async def remove(self, label: Label) -> None: ...
