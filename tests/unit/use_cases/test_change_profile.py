from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE
from todo_core.domain.user_events import UserProfileChanged
from todo_core.errors import NotFound, PreconditionFailed, ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.change_profile import ChangeProfile, ChangeProfileCommand
from todo_core.use_cases.shared.user_view import UserView


@pytest.fixture
def change(uow: UnitOfWorkFactory, clock: FixedClock) -> ChangeProfile:
    return ChangeProfile(uow=uow, clock=clock)


@pytest.fixture(autouse=True)
def _an_hour_later(ann: UserView, clock: FixedClock) -> None:
    """Changes happen after registration, so `updated_at` can be told from `created_at`."""
    clock.advance(timedelta(hours=1))


async def test_changes_the_display_name_and_records_what_changed(
    change: ChangeProfile, ann: UserView, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await change(ChangeProfileCommand(actor=ann.id, display_name=" Ann Smith "))

    assert (view.display_name, view.time_zone) == ("Ann Smith", "UTC")
    assert (view.version, view.updated_at, view.created_at) == (2, clock.now(), ann.created_at)
    assert store.users.rows[ann.id].display_name.value == "Ann Smith"
    assert store.outbox == [
        UserProfileChanged(
            occurred_at=clock.now(),
            user_id=ann.id,
            email="ann@example.org",
            changed=("display_name",),
            display_name="Ann Smith",
            time_zone="UTC",
        )
    ]


async def test_changes_both_fields_in_one_version_and_one_event(
    change: ChangeProfile, ann: UserView, store: InMemoryStore
) -> None:
    view = await change(
        ChangeProfileCommand(actor=ann.id, display_name="Annie", timezone="Asia/Tokyo")
    )

    assert (view.display_name, view.time_zone, view.version) == ("Annie", "Asia/Tokyo", 2)
    (event,) = store.outbox
    assert isinstance(event, UserProfileChanged)
    assert event.changed == ("display_name", "time_zone")


@pytest.mark.parametrize(
    "command_fields",
    [
        {"display_name": "Ann"},
        {"timezone": "UTC"},
        {"display_name": " Ann ", "timezone": "UTC"},
    ],
    ids=["same-name", "same-zone", "both-same"],
)
async def test_nothing_actually_changing_is_a_no_op(
    change: ChangeProfile, ann: UserView, store: InMemoryStore, command_fields: dict[str, str]
) -> None:
    view = await change(ChangeProfileCommand(actor=ann.id, **command_fields))  # type: ignore[arg-type]

    assert view == ann
    assert store.users.rows[ann.id].version == 1
    assert store.outbox == []


async def test_the_current_expected_version_is_accepted(
    change: ChangeProfile, ann: UserView
) -> None:
    view = await change(
        ChangeProfileCommand(actor=ann.id, timezone="Europe/Paris", expected_version=1)
    )
    assert view.version == 2


async def test_a_stale_expected_version_is_refused_and_nothing_changes(
    change: ChangeProfile, ann: UserView, store: InMemoryStore
) -> None:
    await change(ChangeProfileCommand(actor=ann.id, display_name="Annie"))
    store.outbox.clear()

    with pytest.raises(PreconditionFailed):
        await change(ChangeProfileCommand(actor=ann.id, display_name="Anna", expected_version=1))

    assert store.users.rows[ann.id].display_name.value == "Annie"
    assert store.outbox == []


async def test_an_unknown_actor_is_not_found(change: ChangeProfile, store: InMemoryStore) -> None:
    with pytest.raises(NotFound):
        await change(ChangeProfileCommand(actor=ALICE, display_name="Alice"))
    assert store.outbox == []


async def test_a_change_without_any_field_is_refused(
    change: ChangeProfile, ann: UserView, store: InMemoryStore
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await change(ChangeProfileCommand(actor=ann.id))

    assert "display_name, timezone" in error.value.message
    assert store.users.rows[ann.id].version == 1
    assert store.outbox == []


@pytest.mark.parametrize(
    ("command_fields", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 101}, "display_name"),
        ({"timezone": "Europe"}, "timezone"),
        ({"timezone": "Nowhere/Special"}, "timezone"),
    ],
    ids=["empty-name", "long-name", "zone-directory", "unknown-zone"],
)
async def test_invalid_input_is_refused_and_nothing_changes(
    change: ChangeProfile,
    ann: UserView,
    store: InMemoryStore,
    command_fields: dict[str, str],
    field: str,
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await change(ChangeProfileCommand(actor=ann.id, **command_fields))  # type: ignore[arg-type]

    assert error.value.field == field
    assert store.users.rows[ann.id].version == 1
    assert store.outbox == []
