from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.list_events import ListMoved
from todo_core.domain.todo_list import MAX_LIST_POSITION
from todo_core.errors import NotFound, PreconditionFailed, ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.list_lists import ListLists, ListListsQuery
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.signed_cursor import CursorCodec


@pytest.fixture
def reorder(uow: UnitOfWorkFactory, clock: FixedClock) -> PatchList:
    return PatchList(uow=uow, clock=clock)


@pytest.fixture
async def three(create_list: CreateList, store: InMemoryStore) -> list[ListView]:
    views = [await create_list(CreateListCommand(actor=ALICE, name=n)) for n in ("A", "B", "C")]
    store.outbox.clear()
    return views


async def _names_in_order(uow: UnitOfWorkFactory) -> list[str]:
    page = await ListLists(uow=uow, cursors=CursorCodec(b"r" * 16))(ListListsQuery(actor=ALICE))
    return [view.name for view in page.items]


async def test_moving_a_list_changes_its_place_and_only_its_own_position(
    reorder: PatchList,
    three: list[ListView],
    uow: UnitOfWorkFactory,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    first = three[0]
    view = await reorder(PatchListCommand(actor=ALICE, list_id=first.id, position=5))

    assert (view.position, view.version) == (5, 2)
    assert await _names_in_order(uow) == ["B", "C", "A"]
    assert [store.lists.rows[v.id].position for v in three[1:]] == [1, 2]
    assert store.outbox == [
        ListMoved(occurred_at=clock.now(), list_id=first.id, owner_id=ALICE, position=5)
    ]


async def test_lists_on_the_same_position_keep_their_creation_order(
    reorder: PatchList, three: list[ListView], uow: UnitOfWorkFactory
) -> None:
    await reorder(PatchListCommand(actor=ALICE, list_id=three[2].id, position=0))
    assert await _names_in_order(uow) == ["A", "C", "B"]


async def test_the_same_position_is_a_no_op(
    reorder: PatchList, three: list[ListView], store: InMemoryStore
) -> None:
    view = await reorder(PatchListCommand(actor=ALICE, list_id=three[1].id, position=1))

    assert view == three[1]
    assert store.outbox == []


@pytest.mark.parametrize("position", [-1, MAX_LIST_POSITION + 1])
async def test_a_position_out_of_range_is_refused(
    reorder: PatchList, three: list[ListView], store: InMemoryStore, position: int
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await reorder(PatchListCommand(actor=ALICE, list_id=three[0].id, position=position))

    assert error.value.field == "position"
    assert store.lists.rows[three[0].id].position == 0
    assert store.outbox == []


async def test_a_stale_expected_version_is_refused(
    reorder: PatchList, three: list[ListView], store: InMemoryStore
) -> None:
    command = PatchListCommand(actor=ALICE, list_id=three[0].id, position=9, expected_version=2)

    with pytest.raises(PreconditionFailed):
        await reorder(command)

    assert store.lists.rows[three[0].id].position == 0
    assert store.outbox == []


async def test_another_users_list_is_not_found(
    reorder: PatchList, three: list[ListView], store: InMemoryStore
) -> None:
    with pytest.raises(NotFound):
        await reorder(PatchListCommand(actor=BOB, list_id=three[0].id, position=9))
    assert store.outbox == []
