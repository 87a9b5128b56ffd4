"""Rename and/or recolour one of the acting user's labels, in one step.

One use case rather than two, because a label is edited as a whole (one form, one PATCH): both
changes pass one version check and commit together. Each real change records its own event
(`LabelRenamed`, `LabelRecoloured`) and its own version step; a field left None or set to its
current value changes nothing; a command without any field is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.colour import Colour
from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label_name import LabelName
from todo_core.errors import Conflict, NotFound
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.label_view import LabelView
from todo_core.use_cases.shared.partial_update import require_a_change

__all__ = ["UpdateLabel", "UpdateLabelCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateLabelCommand:
    actor: UserId
    label_id: LabelId
    # None leaves a field as it is.
    name: str | None = None
    colour: str | None = None
    expected_version: int | None = None

    def __post_init__(self) -> None:
        require_a_change(name=self.name is not None, colour=self.colour is not None)


class UpdateLabel:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: UpdateLabelCommand) -> LabelView:
        name = None if command.name is None else LabelName.parse(command.name)
        colour = None if command.colour is None else Colour.parse(command.colour)
        async with self._uow() as uow:
            label = await uow.labels.get(command.actor, command.label_id)
            if label is None:
                raise NotFound(f"label {command.label_id} not found")
            label.require_version(command.expected_version)
            now = self._clock.now()
            if name is not None:
                namesake = await uow.labels.find_by_name(command.actor, name)
                # The label itself is no rival: "work" may become "Work".
                if namesake is not None and namesake.id != label.id:
                    raise Conflict(f"you already have a label named {namesake.name.value!r}")
                label.rename(name, now)
            if colour is not None:
                label.recolour(colour, now)
            await uow.commit()
        return LabelView.of(label)
