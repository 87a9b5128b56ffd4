"""Fetch one of the acting user's labels."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import LabelId, UserId
from todo_core.errors import NotFound
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.label_view import LabelView

__all__ = ["GetLabel", "GetLabelQuery"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GetLabelQuery:
    actor: UserId
    label_id: LabelId


class GetLabel:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetLabelQuery) -> LabelView:
        async with self._uow() as uow:
            label = await uow.labels.get(query.actor, query.label_id)
        if label is None:
            # Someone else's label looks exactly like a missing one: no existence leak.
            raise NotFound(f"label {query.label_id} not found")
        return LabelView.of(label)
