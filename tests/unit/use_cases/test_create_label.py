from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.label_events import LabelCreated
from todo_core.errors import Conflict, ValidationFailed
from todo_core.use_cases.create_label import CreateLabel, CreateLabelCommand
from todo_core.use_cases.shared.label_view import LabelView


async def test_creates_a_grey_label_when_no_colour_is_given(
    create_label: CreateLabel, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await create_label(CreateLabelCommand(actor=ALICE, name=" urgent "))

    assert view == LabelView(
        id=view.id,
        owner_id=ALICE,
        name="urgent",
        colour="#808080",
        created_at=clock.now(),
        updated_at=clock.now(),
        version=1,
    )
    assert store.labels.rows[view.id].name.value == "urgent"
    assert store.outbox == [
        LabelCreated(
            occurred_at=clock.now(),
            label_id=view.id,
            owner_id=ALICE,
            name="urgent",
            colour="#808080",
        )
    ]


async def test_a_given_colour_is_normalised_to_lower_case(create_label: CreateLabel) -> None:
    view = await create_label(CreateLabelCommand(actor=ALICE, name="urgent", colour="#FF0000"))
    assert view.colour == "#ff0000"


async def test_a_label_of_the_same_name_in_any_case_is_a_conflict(
    create_label: CreateLabel, store: InMemoryStore
) -> None:
    await create_label(CreateLabelCommand(actor=ALICE, name="Urgent"))
    store.outbox.clear()

    with pytest.raises(Conflict, match="Urgent"):
        await create_label(CreateLabelCommand(actor=ALICE, name="URGENT"))

    assert len(store.labels.rows) == 1
    assert store.outbox == []


async def test_another_users_label_name_is_free(
    create_label: CreateLabel, store: InMemoryStore
) -> None:
    await create_label(CreateLabelCommand(actor=BOB, name="urgent"))
    await create_label(CreateLabelCommand(actor=ALICE, name="urgent"))
    assert len(store.labels.rows) == 2


@pytest.mark.parametrize(
    ("name", "colour", "field"),
    [("", None, "name"), ("x" * 51, None, "name"), ("ok", "red", "colour"), ("ok", "", "colour")],
    ids=["empty-name", "long-name", "named-colour", "empty-colour"],
)
async def test_invalid_input_is_refused_and_nothing_is_stored(
    create_label: CreateLabel, store: InMemoryStore, name: str, colour: str | None, field: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await create_label(CreateLabelCommand(actor=ALICE, name=name, colour=colour))

    assert error.value.field == field
    assert store.labels.rows == {}
    assert store.outbox == []
