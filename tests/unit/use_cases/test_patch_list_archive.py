from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.ids import ListId
from todo_core.domain.list_events import ListArchived
from todo_core.errors import Conflict, NotFound, PreconditionFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.list_lists import ListLists, ListListsQuery
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.signed_cursor import CursorCodec
from todo_core.use_cases.shared.user_view import UserView


@pytest.fixture
def archive(uow: UnitOfWorkFactory, clock: FixedClock) -> PatchList:
    return PatchList(uow=uow, clock=clock)


@pytest.fixture
def listing(uow: UnitOfWorkFactory, cursors: CursorCodec) -> ListLists:
    return ListLists(uow=uow, cursors=cursors)


@pytest.fixture
async def work(create_list: CreateList, store: InMemoryStore) -> ListView:
    view = await create_list(CreateListCommand(actor=ALICE, name="Work"))
    store.outbox.clear()
    return view


async def test_archiving_hides_the_list_and_records_it(
    archive: PatchList,
    work: ListView,
    listing: ListLists,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    view = await archive(PatchListCommand(actor=ALICE, list_id=work.id, archived=True))

    assert (view.archived, view.version) == (True, 2)
    assert store.outbox == [ListArchived(occurred_at=clock.now(), list_id=work.id, owner_id=ALICE)]
    assert (await listing(ListListsQuery(actor=ALICE))).items == ()
    everything = await listing(ListListsQuery(actor=ALICE, include_archived=True))
    assert everything.items == (view,)


async def test_archiving_frees_the_name_for_a_new_list(
    archive: PatchList, create_list: CreateList, work: ListView
) -> None:
    await archive(PatchListCommand(actor=ALICE, list_id=work.id, archived=True))
    assert (await create_list(CreateListCommand(actor=ALICE, name="Work"))).id != work.id


async def test_archiving_an_archived_list_is_a_no_op(
    archive: PatchList, work: ListView, store: InMemoryStore
) -> None:
    first = await archive(PatchListCommand(actor=ALICE, list_id=work.id, archived=True))
    store.outbox.clear()

    assert await archive(PatchListCommand(actor=ALICE, list_id=work.id, archived=True)) == first
    assert store.outbox == []


async def test_the_inbox_cannot_be_archived(
    archive: PatchList, ann: UserView, store: InMemoryStore
) -> None:
    (inbox,) = store.lists.rows.values()

    with pytest.raises(Conflict, match="Inbox"):
        await archive(PatchListCommand(actor=ann.id, list_id=inbox.id, archived=True))

    assert store.lists.rows[inbox.id].archived is False
    assert store.outbox == []


async def test_a_stale_expected_version_is_refused(
    archive: PatchList, work: ListView, store: InMemoryStore
) -> None:
    with pytest.raises(PreconditionFailed):
        await archive(
            PatchListCommand(actor=ALICE, list_id=work.id, expected_version=7, archived=True)
        )

    assert store.lists.rows[work.id].archived is False
    assert store.outbox == []


async def test_another_users_list_is_not_found(
    archive: PatchList, work: ListView, store: InMemoryStore
) -> None:
    with pytest.raises(NotFound):
        await archive(PatchListCommand(actor=BOB, list_id=work.id, archived=True))

    assert store.lists.rows[work.id].archived is False
    assert store.outbox == []


async def test_an_unknown_list_is_not_found(archive: PatchList) -> None:
    with pytest.raises(NotFound):
        await archive(PatchListCommand(actor=ALICE, list_id=ListId(uuid4()), archived=True))
