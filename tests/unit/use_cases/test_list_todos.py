from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from todo_core import Application, Ports, ValidationFailed
from todo_core.use_cases import MAX_PAGE_SIZE, CreateTodoCommand, ListTodosQuery, TodoView


async def _create(app: Application, count: int, actor: object = ALICE) -> list[TodoView]:
    return [
        await app.create_todo(CreateTodoCommand(actor=actor, title=f"todo {n}"))  # type: ignore[arg-type]
        for n in range(count)
    ]


async def _all_pages(app: Application, limit: int) -> list[list[TodoView]]:
    pages: list[list[TodoView]] = []
    cursor: str | None = None
    while True:
        page = await app.list_todos(ListTodosQuery(actor=ALICE, limit=limit, cursor=cursor))
        pages.append(list(page.items))
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


async def test_an_empty_list_is_one_empty_last_page(app: Application) -> None:
    page = await app.list_todos(ListTodosQuery(actor=ALICE))
    assert page.items == ()
    assert page.next_cursor is None


async def test_lists_newest_first(app: Application) -> None:
    created = await _create(app, 3)
    page = await app.list_todos(ListTodosQuery(actor=ALICE))
    assert [view.id for view in page.items] == [view.id for view in reversed(created)]


async def test_only_the_actors_todos_are_listed(app: Application) -> None:
    await _create(app, 2, BOB)
    mine = await _create(app, 1)
    page = await app.list_todos(ListTodosQuery(actor=ALICE))
    assert [view.id for view in page.items] == [mine[0].id]


async def test_pages_cover_every_todo_once_and_the_last_page_has_no_cursor(
    app: Application,
) -> None:
    created = await _create(app, 5)
    pages = await _all_pages(app, limit=2)
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [view.id for page in pages for view in page] == [view.id for view in reversed(created)]


async def test_a_full_last_page_is_followed_by_no_cursor_without_an_extra_request(
    app: Application,
) -> None:
    await _create(app, 4)
    pages = await _all_pages(app, limit=2)
    assert [len(page) for page in pages] == [2, 2]


async def test_todos_created_between_pages_do_not_shift_later_pages(app: Application) -> None:
    older = await _create(app, 4)
    first = await app.list_todos(ListTodosQuery(actor=ALICE, limit=2))
    await _create(app, 3)
    second = await app.list_todos(ListTodosQuery(actor=ALICE, limit=2, cursor=first.next_cursor))
    assert [view.id for view in second.items] == [older[1].id, older[0].id]


@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1])
async def test_limit_out_of_range_is_refused(app: Application, limit: int) -> None:
    with pytest.raises(ValidationFailed, match="limit") as error:
        await app.list_todos(ListTodosQuery(actor=ALICE, limit=limit))
    assert error.value.field == "limit"


async def test_a_forged_cursor_is_refused(app: Application) -> None:
    with pytest.raises(ValidationFailed, match="cursor"):
        await app.list_todos(ListTodosQuery(actor=ALICE, cursor="not-a-cursor"))


@settings(max_examples=30, deadline=None)
@given(count=st.integers(min_value=0, max_value=25), limit=st.integers(min_value=1, max_value=10))
async def test_every_todo_appears_exactly_once_across_pages(count: int, limit: int) -> None:
    store = InMemoryStore()
    app = Application(
        Ports(uow=lambda: InMemoryUnitOfWork(store), clock=FixedClock(), ids=SequentialIds())
    )
    created = await _create(app, count)
    seen = [view.id for page in await _all_pages(app, limit) for view in page]
    assert sorted(seen) == sorted(view.id for view in created)
    assert len(seen) == len(set(seen))
