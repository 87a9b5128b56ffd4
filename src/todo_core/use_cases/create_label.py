"""Create a label for the acting user; without a colour it gets the default grey."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.colour import DEFAULT_COLOUR, Colour
from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label import Label
from todo_core.domain.label_name import LabelName
from todo_core.errors import Conflict
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.label_view import LabelView

__all__ = ["CreateLabel", "CreateLabelCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateLabelCommand:
    actor: UserId
    name: str
    colour: str | None = None


class CreateLabel:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, command: CreateLabelCommand) -> LabelView:
        name = LabelName.parse(command.name)
        colour = DEFAULT_COLOUR if command.colour is None else Colour.parse(command.colour)
        async with self._uow() as uow:
            # A clear message for the common case; the store's unique key settles a race.
            namesake = await uow.labels.find_by_name(command.actor, name)
            if namesake is not None:
                raise Conflict(f"you already have a label named {namesake.name.value!r}")
            label = Label.create(
                label_id=LabelId(self._ids.new_id()),
                owner_id=command.actor,
                name=name,
                colour=colour,
                now=self._clock.now(),
            )
            await uow.labels.add(label)
            await uow.commit()
        return LabelView.of(label)
