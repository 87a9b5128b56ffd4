"""All the acting user's labels, by name ignoring case.

Not paged: a person keeps tens of labels, not thousands, and a picker wants all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import UserId
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.label_view import LabelView

__all__ = ["ListLabels", "ListLabelsQuery"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListLabelsQuery:
    actor: UserId


class ListLabels:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: ListLabelsQuery) -> tuple[LabelView, ...]:
        async with self._uow() as uow:
            labels = await uow.labels.list_for_owner(query.actor)
        return tuple(LabelView.of(label) for label in labels)
