"""Labels in a SQL database, on the connection of the unit of work that owns the repository."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.aggregate_rows import AggregateRows
from adapters.sqlalchemy.label_mapping import label_to_row, row_to_label
from adapters.sqlalchemy.tables import labels
from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label import Label
from todo_core.domain.label_name import LabelName
from todo_core.ports.label_repository import LabelRepository

__all__ = ["SqlAlchemyLabelRepository"]


class SqlAlchemyLabelRepository(LabelRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        # What this unit loaded and changed; the unit of work flushes it and collects events.
        self.rows = AggregateRows(connection, labels, to_row=label_to_row, from_row=row_to_label)

    async def add(self, label: Label) -> None:
        await self.rows.insert(label)

    async def get(self, owner_id: UserId, label_id: LabelId) -> Label | None:
        return await self.rows.load_one(
            select(labels).where(labels.c.owner_id == owner_id, labels.c.id == label_id)
        )

    async def find_by_name(self, owner_id: UserId, name: LabelName) -> Label | None:
        return await self.rows.load_one(
            select(labels).where(labels.c.owner_id == owner_id, labels.c.name_key == name.key)
        )

    async def list_for_owner(self, owner_id: UserId) -> Sequence[Label]:
        return await self.rows.load_all(
            select(labels)
            .where(labels.c.owner_id == owner_id)
            .order_by(labels.c.name_key, labels.c.id)
        )

    async def remove(self, label: Label) -> None:
        await self.rows.delete(label)
