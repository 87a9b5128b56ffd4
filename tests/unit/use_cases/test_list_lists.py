from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from todo_core.errors import ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.list_lists import ListLists, ListListsQuery
from todo_core.use_cases.list_todos import MAX_PAGE_SIZE
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.signed_cursor import CursorCodec
from todo_core.use_cases.shared.user_view import UserView


@pytest.fixture
def list_lists(uow: UnitOfWorkFactory, cursors: CursorCodec) -> ListLists:
    return ListLists(uow=uow, cursors=cursors)


async def _create(create_list: CreateList, *names: str) -> list[ListView]:
    return [await create_list(CreateListCommand(actor=ALICE, name=name)) for name in names]


async def _all_pages(
    list_lists: ListLists, limit: int, *, archived: bool = False
) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        page = await list_lists(
            ListListsQuery(actor=ALICE, limit=limit, cursor=cursor, include_archived=archived)
        )
        pages.append([view.name for view in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


async def test_no_lists_is_one_empty_last_page(list_lists: ListLists) -> None:
    page = await list_lists(ListListsQuery(actor=ALICE))
    assert (page.items, page.next_cursor) == ((), None)


async def test_the_inbox_comes_first_then_lists_in_creation_order(
    list_lists: ListLists, create_list: CreateList, ann: UserView
) -> None:
    for name in ("Work", "Home"):
        await create_list(CreateListCommand(actor=ann.id, name=name))

    page = await list_lists(ListListsQuery(actor=ann.id))

    assert [(view.name, view.position, view.is_inbox) for view in page.items] == [
        ("Inbox", 0, True),
        ("Work", 1, False),
        ("Home", 2, False),
    ]


async def test_only_the_actors_lists_are_listed(
    list_lists: ListLists, create_list: CreateList
) -> None:
    await create_list(CreateListCommand(actor=BOB, name="Bob's"))
    mine = await _create(create_list, "Mine")
    assert (await list_lists(ListListsQuery(actor=ALICE))).items == tuple(mine)


async def test_pages_follow_position_then_id_and_cover_every_list_once(
    list_lists: ListLists, create_list: CreateList, uow: UnitOfWorkFactory, clock: FixedClock
) -> None:
    views = await _create(create_list, "A", "B", "C", "D", "E")
    reorder = PatchList(uow=uow, clock=clock)
    # D ties with B on position 1 and sorts after it: B was created first.
    await reorder(PatchListCommand(actor=ALICE, list_id=views[3].id, position=1))

    assert await _all_pages(list_lists, limit=2) == [["A", "B"], ["D", "C"], ["E"]]


async def test_a_full_last_page_has_no_cursor(
    list_lists: ListLists, create_list: CreateList
) -> None:
    await _create(create_list, "A", "B", "C", "D")
    assert await _all_pages(list_lists, limit=2) == [["A", "B"], ["C", "D"]]


async def test_archived_lists_are_listed_only_on_request(
    list_lists: ListLists, create_list: CreateList, uow: UnitOfWorkFactory, clock: FixedClock
) -> None:
    views = await _create(create_list, "A", "B", "C")
    await PatchList(uow=uow, clock=clock)(
        PatchListCommand(actor=ALICE, list_id=views[1].id, archived=True)
    )

    assert await _all_pages(list_lists, limit=1) == [["A"], ["C"]]
    assert await _all_pages(list_lists, limit=2, archived=True) == [["A", "B"], ["C"]]


async def test_lists_moved_between_pages_do_not_shift_the_next_page(
    list_lists: ListLists, create_list: CreateList, uow: UnitOfWorkFactory, clock: FixedClock
) -> None:
    views = await _create(create_list, "A", "B", "C", "D")
    first = await list_lists(ListListsQuery(actor=ALICE, limit=2))
    # "A" moves behind everything after the first page was read; the next page still is C, D.
    await PatchList(uow=uow, clock=clock)(
        PatchListCommand(actor=ALICE, list_id=views[0].id, position=99)
    )

    second = await list_lists(ListListsQuery(actor=ALICE, limit=2, cursor=first.next_cursor))

    assert [view.name for view in second.items] == ["C", "D"]


@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1])
async def test_a_limit_out_of_range_is_refused(list_lists: ListLists, limit: int) -> None:
    with pytest.raises(ValidationFailed) as error:
        await list_lists(ListListsQuery(actor=ALICE, limit=limit))
    assert error.value.field == "limit"


@pytest.mark.parametrize(
    "cursor",
    ["garbage", CursorCodec(b"another-process-secret").encode("lists:position", [0, str(ALICE)])],
    ids=["forged", "foreign-signature"],
)
async def test_a_cursor_not_made_here_is_refused(list_lists: ListLists, cursor: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        await list_lists(ListListsQuery(actor=ALICE, cursor=cursor))
    assert error.value.field == "cursor"


async def test_a_todo_listing_cursor_is_refused(
    list_lists: ListLists, cursors: CursorCodec
) -> None:
    todo_cursor = cursors.encode("todos:created:desc", [0, None, str(ALICE)])
    with pytest.raises(ValidationFailed, match="another listing"):
        await list_lists(ListListsQuery(actor=ALICE, cursor=todo_cursor))


@settings(max_examples=15, deadline=None)
@given(count=st.integers(min_value=0, max_value=12), limit=st.integers(min_value=1, max_value=5))
async def test_every_list_appears_exactly_once_across_pages(count: int, limit: int) -> None:
    store = InMemoryStore()
    uow = lambda: InMemoryUnitOfWork(store)  # noqa: E731 - the factory is the port's shape
    create_list = CreateList(uow=uow, clock=FixedClock(), ids=SequentialIds())
    names = [str(n) for n in range(count)]
    await _create(create_list, *names)

    pages = await _all_pages(ListLists(uow=uow, cursors=CursorCodec(b"p" * 16)), limit)

    assert [name for page in pages for name in page] == names
    assert all(len(page) == limit for page in pages[:-1])
