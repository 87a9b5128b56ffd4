from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.ids import ListId, TodoId, UserId
from todo_core.domain.list_events import ListDeleted
from todo_core.domain.notes import Notes
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.domain.todo_events import TodoTrashed
from todo_core.errors import Conflict, NotFound, PreconditionFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.delete_list import DeleteList, DeleteListCommand
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.user_view import UserView


@pytest.fixture
def delete(uow: UnitOfWorkFactory, clock: FixedClock) -> DeleteList:
    return DeleteList(uow=uow, clock=clock)


@pytest.fixture
async def work(create_list: CreateList) -> ListView:
    return await create_list(CreateListCommand(actor=ALICE, name="Work"))


@pytest.fixture
def add_todo(uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds) -> _TodoMaker:
    return _TodoMaker(uow, clock, ids)


class _TodoMaker:
    def __init__(self, uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids

    async def __call__(
        self, list_id: ListId, *, owner: UserId = ALICE, trashed: bool = False
    ) -> TodoId:
        todo = Todo.create(
            todo_id=TodoId(self._ids.new_id()),
            owner_id=owner,
            title=Title("a todo"),
            notes=Notes(),
            now=self._clock.now(),
            list_id=list_id,
        )
        if trashed:
            todo.trash(self._clock.now())
        async with self._uow() as uow:
            await uow.todos.add(todo)
            await uow.commit()
        return todo.id


@pytest.fixture(autouse=True)
def _later(clock: FixedClock) -> None:
    clock.advance(timedelta(days=1))


async def test_deleting_removes_the_list_and_trashes_its_todos_in_one_commit(
    delete: DeleteList,
    work: ListView,
    add_todo: _TodoMaker,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    inside = [await add_todo(work.id), await add_todo(work.id)]
    store.outbox.clear()
    clock.advance(timedelta(hours=1))

    await delete(DeleteListCommand(actor=ALICE, list_id=work.id, expected_version=1))

    assert work.id not in store.lists.rows
    assert all(store.todos.rows[todo_id].deleted_at == clock.now() for todo_id in inside)
    assert store.outbox[0] == ListDeleted(occurred_at=clock.now(), list_id=work.id, owner_id=ALICE)
    assert set(store.outbox[1:]) == {
        TodoTrashed(occurred_at=clock.now(), todo_id=todo_id, owner_id=ALICE) for todo_id in inside
    }


async def test_todos_elsewhere_and_todos_already_in_the_trash_are_left_alone(
    delete: DeleteList,
    work: ListView,
    create_list: CreateList,
    add_todo: _TodoMaker,
    store: InMemoryStore,
) -> None:
    home = await create_list(CreateListCommand(actor=ALICE, name="Home"))
    elsewhere = await add_todo(home.id)
    already = await add_todo(work.id, trashed=True)
    trashed_at = store.todos.rows[already].deleted_at
    store.outbox.clear()

    await delete(DeleteListCommand(actor=ALICE, list_id=work.id))

    assert store.todos.rows[elsewhere].deleted_at is None
    assert (store.todos.rows[already].deleted_at, store.todos.rows[already].version) == (
        trashed_at,
        2,
    )
    assert [type(event).__name__ for event in store.outbox] == ["ListDeleted"]


async def test_a_deleted_lists_name_can_be_used_again(
    delete: DeleteList, work: ListView, create_list: CreateList
) -> None:
    await delete(DeleteListCommand(actor=ALICE, list_id=work.id))
    assert (await create_list(CreateListCommand(actor=ALICE, name="Work"))).name == "Work"


async def test_the_inbox_cannot_be_deleted_and_its_todos_stay(
    delete: DeleteList, ann: UserView, add_todo: _TodoMaker, store: InMemoryStore
) -> None:
    (inbox,) = store.lists.rows.values()
    todo_id = await add_todo(inbox.id, owner=ann.id)
    store.outbox.clear()

    with pytest.raises(Conflict, match="Inbox"):
        await delete(DeleteListCommand(actor=ann.id, list_id=inbox.id))

    assert inbox.id in store.lists.rows
    assert store.todos.rows[todo_id].deleted_at is None
    assert store.outbox == []


async def test_a_stale_expected_version_is_refused_and_nothing_changes(
    delete: DeleteList, work: ListView, add_todo: _TodoMaker, store: InMemoryStore
) -> None:
    todo_id = await add_todo(work.id)
    store.outbox.clear()

    with pytest.raises(PreconditionFailed):
        await delete(DeleteListCommand(actor=ALICE, list_id=work.id, expected_version=2))

    assert work.id in store.lists.rows
    assert store.todos.rows[todo_id].deleted_at is None
    assert store.outbox == []


async def test_another_users_list_is_not_found_and_nothing_changes(
    delete: DeleteList, work: ListView, add_todo: _TodoMaker, store: InMemoryStore
) -> None:
    todo_id = await add_todo(work.id)
    store.outbox.clear()

    with pytest.raises(NotFound):
        await delete(DeleteListCommand(actor=BOB, list_id=work.id))

    assert work.id in store.lists.rows
    assert store.todos.rows[todo_id].deleted_at is None
    assert store.outbox == []
