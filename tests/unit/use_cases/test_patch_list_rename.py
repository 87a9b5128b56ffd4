from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.list_events import ListRenamed
from todo_core.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.list_view import ListView


@pytest.fixture
def rename(uow: UnitOfWorkFactory, clock: FixedClock) -> PatchList:
    return PatchList(uow=uow, clock=clock)


@pytest.fixture
async def work(create_list: CreateList, store: InMemoryStore, clock: FixedClock) -> ListView:
    view = await create_list(CreateListCommand(actor=ALICE, name="Work"))
    store.outbox.clear()
    clock.advance(timedelta(minutes=1))
    return view


async def test_renames_the_list_and_records_the_new_name(
    rename: PatchList, work: ListView, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await rename(PatchListCommand(actor=ALICE, list_id=work.id, name=" Job "))

    assert (view.name, view.version, view.updated_at) == ("Job", 2, clock.now())
    assert store.lists.rows[work.id].name.value == "Job"
    assert store.outbox == [
        ListRenamed(occurred_at=clock.now(), list_id=work.id, owner_id=ALICE, name="Job")
    ]


async def test_the_same_name_is_a_no_op(
    rename: PatchList, work: ListView, store: InMemoryStore
) -> None:
    view = await rename(PatchListCommand(actor=ALICE, list_id=work.id, name="Work"))

    assert view == work
    assert store.outbox == []


async def test_a_list_may_change_the_case_of_its_own_name(
    rename: PatchList, work: ListView
) -> None:
    view = await rename(PatchListCommand(actor=ALICE, list_id=work.id, name="WORK"))
    assert (view.name, view.version) == ("WORK", 2)


async def test_the_name_of_another_active_list_is_a_conflict(
    rename: PatchList, create_list: CreateList, work: ListView, store: InMemoryStore
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="Home"))
    store.outbox.clear()

    with pytest.raises(Conflict, match="Home"):
        await rename(PatchListCommand(actor=ALICE, list_id=work.id, name="home"))

    assert store.lists.rows[work.id].name.value == "Work"
    assert store.outbox == []


async def test_an_archived_list_may_take_the_name_of_an_active_one(
    rename: PatchList,
    create_list: CreateList,
    work: ListView,
    uow: UnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="Home"))
    await PatchList(uow=uow, clock=clock)(
        PatchListCommand(actor=ALICE, list_id=work.id, archived=True)
    )

    view = await rename(PatchListCommand(actor=ALICE, list_id=work.id, name="Home"))

    assert view.name == "Home"


async def test_a_stale_expected_version_is_refused(
    rename: PatchList, work: ListView, store: InMemoryStore
) -> None:
    await rename(PatchListCommand(actor=ALICE, list_id=work.id, name="Job", expected_version=1))
    store.outbox.clear()

    with pytest.raises(PreconditionFailed):
        await rename(PatchListCommand(actor=ALICE, list_id=work.id, name="X", expected_version=1))

    assert store.lists.rows[work.id].name.value == "Job"
    assert store.outbox == []


async def test_another_users_list_is_not_found_and_untouched(
    rename: PatchList, work: ListView, store: InMemoryStore
) -> None:
    with pytest.raises(NotFound):
        await rename(PatchListCommand(actor=BOB, list_id=work.id, name="Mine now"))

    assert store.lists.rows[work.id].name.value == "Work"
    assert store.outbox == []


async def test_an_invalid_name_is_refused_and_nothing_changes(
    rename: PatchList, work: ListView, store: InMemoryStore
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await rename(PatchListCommand(actor=ALICE, list_id=work.id, name=" "))

    assert error.value.field == "name"
    assert store.lists.rows[work.id].version == 1
    assert store.outbox == []
