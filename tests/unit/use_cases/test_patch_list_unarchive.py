from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.list_events import ListUnarchived
from todo_core.errors import Conflict, NotFound, PreconditionFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.list_view import ListView


@pytest.fixture
def unarchive(uow: UnitOfWorkFactory, clock: FixedClock) -> PatchList:
    return PatchList(uow=uow, clock=clock)


@pytest.fixture
async def archived(
    create_list: CreateList, uow: UnitOfWorkFactory, clock: FixedClock, store: InMemoryStore
) -> ListView:
    view = await create_list(CreateListCommand(actor=ALICE, name="Work"))
    view = await PatchList(uow=uow, clock=clock)(
        PatchListCommand(actor=ALICE, list_id=view.id, archived=True)
    )
    store.outbox.clear()
    return view


async def test_unarchiving_brings_the_list_back_and_records_it(
    unarchive: PatchList, archived: ListView, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await unarchive(PatchListCommand(actor=ALICE, list_id=archived.id, archived=False))

    assert (view.archived, view.version) == (False, 3)
    assert store.outbox == [
        ListUnarchived(occurred_at=clock.now(), list_id=archived.id, owner_id=ALICE)
    ]


async def test_an_active_list_with_the_same_name_is_a_conflict(
    unarchive: PatchList, archived: ListView, create_list: CreateList, store: InMemoryStore
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="work"))
    store.outbox.clear()

    with pytest.raises(Conflict, match="work"):
        await unarchive(PatchListCommand(actor=ALICE, list_id=archived.id, archived=False))

    assert store.lists.rows[archived.id].archived is True
    assert store.outbox == []


async def test_unarchiving_an_active_list_is_a_no_op(
    unarchive: PatchList, create_list: CreateList, store: InMemoryStore
) -> None:
    active = await create_list(CreateListCommand(actor=ALICE, name="Home"))
    store.outbox.clear()

    assert (
        await unarchive(PatchListCommand(actor=ALICE, list_id=active.id, archived=False)) == active
    )
    assert store.outbox == []


async def test_a_stale_expected_version_is_refused(
    unarchive: PatchList, archived: ListView, store: InMemoryStore
) -> None:
    with pytest.raises(PreconditionFailed):
        await unarchive(
            PatchListCommand(actor=ALICE, list_id=archived.id, expected_version=1, archived=False)
        )
    assert store.lists.rows[archived.id].archived is True


async def test_another_users_list_is_not_found(
    unarchive: PatchList, archived: ListView, store: InMemoryStore
) -> None:
    with pytest.raises(NotFound):
        await unarchive(PatchListCommand(actor=BOB, list_id=archived.id, archived=False))
    assert store.lists.rows[archived.id].archived is True
