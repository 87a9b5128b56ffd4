from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.list_events import ListCreated
from todo_core.errors import Conflict, ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.user_view import UserView


@pytest.fixture
def archive(uow: UnitOfWorkFactory, clock: FixedClock) -> PatchList:
    return PatchList(uow=uow, clock=clock)


async def test_creates_an_active_list_owned_by_the_actor(
    create_list: CreateList, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await create_list(CreateListCommand(actor=ALICE, name="  Work "))

    assert view == ListView(
        id=view.id,
        owner_id=ALICE,
        name="Work",
        position=0,
        archived=False,
        is_inbox=False,
        created_at=clock.now(),
        updated_at=clock.now(),
        version=1,
    )
    assert store.lists.rows[view.id].name.value == "Work"
    assert store.outbox == [
        ListCreated(
            occurred_at=clock.now(),
            list_id=view.id,
            owner_id=ALICE,
            name="Work",
            position=0,
            is_inbox=False,
        )
    ]


async def test_a_new_list_goes_after_the_inbox_and_every_other_list(
    create_list: CreateList, ann: UserView
) -> None:
    first = await create_list(CreateListCommand(actor=ann.id, name="Work"))
    second = await create_list(CreateListCommand(actor=ann.id, name="Home"))
    assert (first.position, second.position) == (1, 2)


async def test_archived_lists_still_count_for_the_last_position(
    create_list: CreateList, archive: PatchList
) -> None:
    old = await create_list(CreateListCommand(actor=ALICE, name="Old"))
    await archive(PatchListCommand(actor=ALICE, list_id=old.id, archived=True))

    assert (await create_list(CreateListCommand(actor=ALICE, name="New"))).position == 1


async def test_an_active_list_of_the_same_name_in_any_case_is_a_conflict(
    create_list: CreateList, store: InMemoryStore
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="Work"))
    store.outbox.clear()

    with pytest.raises(Conflict, match="Work"):
        await create_list(CreateListCommand(actor=ALICE, name="WORK"))

    assert len(store.lists.rows) == 1
    assert store.outbox == []


async def test_the_name_of_an_archived_list_or_of_another_users_list_is_free(
    create_list: CreateList, archive: PatchList, store: InMemoryStore
) -> None:
    archived = await create_list(CreateListCommand(actor=ALICE, name="Work"))
    await archive(PatchListCommand(actor=ALICE, list_id=archived.id, archived=True))
    await create_list(CreateListCommand(actor=BOB, name="Work"))

    view = await create_list(CreateListCommand(actor=ALICE, name="work"))

    assert view.name == "work"
    assert len(store.lists.rows) == 3


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 101])
async def test_an_invalid_name_is_refused_and_nothing_is_stored(
    create_list: CreateList, store: InMemoryStore, name: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await create_list(CreateListCommand(actor=ALICE, name=name))

    assert error.value.field == "name"
    assert store.lists.rows == {}
    assert store.outbox == []
