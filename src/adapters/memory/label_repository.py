"""Labels in memory, seen through one unit of work's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.memory.table_transaction import TableTransaction
from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label import Label
from todo_core.domain.label_name import LabelName
from todo_core.ports.label_repository import LabelRepository

__all__ = ["InMemoryLabelRepository"]


class InMemoryLabelRepository(LabelRepository):
    def __init__(self, rows: TableTransaction[Label]) -> None:
        self._rows = rows

    async def add(self, label: Label) -> None:
        self._rows.add(label)

    async def get(self, owner_id: UserId, label_id: LabelId) -> Label | None:
        found = self._rows.get(label_id)
        return found if found is not None and found.owner_id == owner_id else None

    async def find_by_name(self, owner_id: UserId, name: LabelName) -> Label | None:
        return self._rows.find_one("name", (owner_id, name.key))

    async def list_for_owner(self, owner_id: UserId) -> Sequence[Label]:
        found = self._rows.find("owner", owner_id)
        return sorted(found, key=lambda row: (row.name.key, row.id))

    async def remove(self, label: Label) -> None:
        self._rows.remove(label)
