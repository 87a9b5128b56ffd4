from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.label_events import LabelRecoloured, LabelRenamed
from todo_core.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_label import CreateLabel, CreateLabelCommand
from todo_core.use_cases.shared.label_view import LabelView
from todo_core.use_cases.update_label import UpdateLabel, UpdateLabelCommand


@pytest.fixture
def update(uow: UnitOfWorkFactory, clock: FixedClock) -> UpdateLabel:
    return UpdateLabel(uow=uow, clock=clock)


@pytest.fixture
async def urgent(create_label: CreateLabel, store: InMemoryStore, clock: FixedClock) -> LabelView:
    view = await create_label(CreateLabelCommand(actor=ALICE, name="urgent", colour="#ff0000"))
    store.outbox.clear()
    clock.advance(timedelta(minutes=1))
    return view


async def test_renaming_alone_keeps_the_colour(
    update: UpdateLabel, urgent: LabelView, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await update(UpdateLabelCommand(actor=ALICE, label_id=urgent.id, name=" Urgent "))

    assert (view.name, view.colour, view.version, view.updated_at) == (
        "Urgent",
        "#ff0000",
        2,
        clock.now(),
    )
    assert store.outbox == [
        LabelRenamed(occurred_at=clock.now(), label_id=urgent.id, owner_id=ALICE, name="Urgent")
    ]


async def test_recolouring_alone_keeps_the_name(
    update: UpdateLabel, urgent: LabelView, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await update(UpdateLabelCommand(actor=ALICE, label_id=urgent.id, colour="#00FF00"))

    assert (view.name, view.colour, view.version) == ("urgent", "#00ff00", 2)
    assert store.outbox == [
        LabelRecoloured(
            occurred_at=clock.now(), label_id=urgent.id, owner_id=ALICE, colour="#00ff00"
        )
    ]


async def test_both_changes_commit_together_with_one_event_each(
    update: UpdateLabel, urgent: LabelView, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await update(
        UpdateLabelCommand(
            actor=ALICE, label_id=urgent.id, name="soon", colour="#0000ff", expected_version=1
        )
    )

    assert (view.name, view.colour, view.version) == ("soon", "#0000ff", 3)
    assert store.outbox == [
        LabelRenamed(occurred_at=clock.now(), label_id=urgent.id, owner_id=ALICE, name="soon"),
        LabelRecoloured(
            occurred_at=clock.now(), label_id=urgent.id, owner_id=ALICE, colour="#0000ff"
        ),
    ]


@pytest.mark.parametrize(
    ("name", "colour"),
    [("urgent", None), (None, "#FF0000"), ("urgent", "#ff0000")],
    ids=["same-name", "same-colour", "both-same"],
)
async def test_nothing_actually_changing_is_a_no_op(
    update: UpdateLabel,
    urgent: LabelView,
    store: InMemoryStore,
    name: str | None,
    colour: str | None,
) -> None:
    command = UpdateLabelCommand(actor=ALICE, label_id=urgent.id, name=name, colour=colour)

    assert await update(command) == urgent
    assert store.outbox == []


async def test_a_change_without_any_field_is_refused(
    update: UpdateLabel, urgent: LabelView, store: InMemoryStore
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await update(UpdateLabelCommand(actor=ALICE, label_id=urgent.id))

    assert "name, colour" in error.value.message
    assert store.labels.rows[urgent.id].version == 1
    assert store.outbox == []


async def test_a_label_may_change_the_case_of_its_own_name(
    update: UpdateLabel, urgent: LabelView
) -> None:
    view = await update(UpdateLabelCommand(actor=ALICE, label_id=urgent.id, name="URGENT"))
    assert view.name == "URGENT"


async def test_the_name_of_another_label_is_a_conflict_and_nothing_changes(
    update: UpdateLabel, urgent: LabelView, create_label: CreateLabel, store: InMemoryStore
) -> None:
    await create_label(CreateLabelCommand(actor=ALICE, name="Later"))
    store.outbox.clear()

    with pytest.raises(Conflict, match="Later"):
        await update(
            UpdateLabelCommand(actor=ALICE, label_id=urgent.id, name="later", colour="#000000")
        )

    stored = store.labels.rows[urgent.id]
    assert (stored.name.value, stored.colour.value, stored.version) == ("urgent", "#ff0000", 1)
    assert store.outbox == []


async def test_a_stale_expected_version_is_refused(
    update: UpdateLabel, urgent: LabelView, store: InMemoryStore
) -> None:
    with pytest.raises(PreconditionFailed):
        await update(
            UpdateLabelCommand(actor=ALICE, label_id=urgent.id, name="x", expected_version=2)
        )
    assert store.labels.rows[urgent.id].name.value == "urgent"
    assert store.outbox == []


async def test_another_users_label_is_not_found(
    update: UpdateLabel, urgent: LabelView, store: InMemoryStore
) -> None:
    with pytest.raises(NotFound):
        await update(UpdateLabelCommand(actor=BOB, label_id=urgent.id, name="mine"))
    assert store.labels.rows[urgent.id].name.value == "urgent"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"name": " "}, "name"), ({"name": "ok", "colour": "#12345"}, "colour")],
    ids=["blank-name", "short-colour"],
)
async def test_invalid_input_is_refused_and_nothing_changes(
    update: UpdateLabel,
    urgent: LabelView,
    store: InMemoryStore,
    changes: dict[str, str],
    field: str,
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await update(UpdateLabelCommand(actor=ALICE, label_id=urgent.id, **changes))  # type: ignore[arg-type]

    assert error.value.field == field
    assert store.labels.rows[urgent.id].version == 1
    assert store.outbox == []
