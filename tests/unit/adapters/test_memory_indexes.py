"""The in-memory tables answer lookups through indexes kept by commits, and check unique keys
for the changed rows only: the answers must still be those of the whole table as this unit of
work sees it, its own uncommitted changes included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.unit.conftest import ALICE, BOB
from todo_core import Conflict, PreconditionFailed
from todo_core.domain import Notes, Title, Todo, TodoId
from todo_core.domain.ids import ListId
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import TodoList

NOW = datetime(2026, 5, 1, tzinfo=UTC)
WORK, HOME = ListId(UUID(int=100)), ListId(UUID(int=200))


def _todo(number: int, *, position: int, list_id: ListId = WORK, parent: int | None = None) -> Todo:
    return Todo.create(
        todo_id=TodoId(UUID(int=number)),
        owner_id=ALICE,
        title=Title(f"todo {number}"),
        notes=Notes(),
        now=NOW + timedelta(seconds=number),
        list_id=list_id,
        parent_id=None if parent is None else TodoId(UUID(int=parent)),
        position=position,
    )


def _list(list_id: ListId, name: str, owner: object = ALICE) -> TodoList:
    return TodoList.create(
        list_id=list_id,
        owner_id=owner,  # type: ignore[arg-type]
        name=ListName(name),
        position=1,
        now=NOW,
    )


async def _commit(store: InMemoryStore, *rows: Todo | TodoList) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        for row in rows:
            if isinstance(row, Todo):
                await uow.todos.add(row)
            else:
                await uow.lists.add(row)
        await uow.commit()


async def test_the_last_position_counts_the_units_own_changes(store: InMemoryStore) -> None:
    await _commit(store, _todo(1, position=0), _todo(2, position=5), _todo(3, position=9))
    async with InMemoryUnitOfWork(store) as uow:
        assert await uow.todos.last_position(ALICE, WORK) == 9
        await uow.todos.add(_todo(4, position=12))
        assert await uow.todos.last_position(ALICE, WORK) == 12
        for number in (3, 4):
            found = await uow.todos.get(ALICE, TodoId(UUID(int=number)))
            assert found is not None
            await uow.todos.remove(found)
        assert await uow.todos.last_position(ALICE, WORK) == 5
        second = await uow.todos.get(ALICE, TodoId(UUID(int=2)))
        assert second is not None
        second.move(list_id=HOME, position=0, now=NOW)
        # Moved away in this unit: the committed index still has it in WORK, the unit does not.
        assert await uow.todos.last_position(ALICE, WORK) == 0
        assert await uow.todos.last_position(ALICE, HOME) == 0
        assert await uow.todos.last_position(BOB, WORK) is None


async def test_lookups_follow_what_commits_change(store: InMemoryStore) -> None:
    await _commit(store, _todo(1, position=0), _todo(2, position=1, parent=1))
    async with InMemoryUnitOfWork(store) as uow:
        child = await uow.todos.get(ALICE, TodoId(UUID(int=2)))
        assert child is not None
        child.move(list_id=HOME, position=7, now=NOW)
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        assert await uow.todos.last_position(ALICE, WORK) == 0
        assert await uow.todos.last_position(ALICE, HOME) == 7
        assert [t.id for t in await uow.todos.in_list(ALICE, HOME)] == [UUID(int=2)]
        assert [t.id for t in await uow.todos.children_of(ALICE, TodoId(UUID(int=1)))] == [
            UUID(int=2)
        ]
        gone = await uow.todos.get(ALICE, TodoId(UUID(int=2)))
        assert gone is not None
        await uow.todos.remove(gone)
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        assert await uow.todos.children_of(ALICE, TodoId(UUID(int=1))) == []
        assert await uow.todos.last_position(ALICE, HOME) is None


async def test_a_taken_unique_key_fails_the_whole_commit(store: InMemoryStore) -> None:
    await _commit(store, _list(WORK, "Work"))
    with pytest.raises(Conflict):
        await _commit(store, _todo(1, position=0), _list(HOME, "work"))
    assert list(store.lists.rows) == [WORK]
    assert store.todos.rows == {}
    # Another owner may use the name.
    await _commit(store, _list(HOME, "Work", owner=BOB))


async def test_two_new_rows_of_one_commit_cannot_share_a_key(store: InMemoryStore) -> None:
    with pytest.raises(Conflict):
        await _commit(store, _list(WORK, "Work"), _list(HOME, "WORK"))
    assert store.lists.rows == {}


async def test_keys_given_up_in_a_commit_can_be_taken_in_it(store: InMemoryStore) -> None:
    await _commit(store, _list(WORK, "Work"), _list(HOME, "Home"))
    async with InMemoryUnitOfWork(store) as uow:
        work = await uow.lists.get(ALICE, WORK)
        home = await uow.lists.get(ALICE, HOME)
        assert work is not None
        assert home is not None
        work.rename(ListName("Home"), NOW)
        home.rename(ListName("Work"), NOW)
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        found = await uow.lists.find_active_by_name(ALICE, ListName("home"))
        assert found is not None
        assert found.id == WORK
        # Archiving frees the name (a partial unique index).
        found.archive(NOW)
        assert await uow.lists.find_active_by_name(ALICE, ListName("Home")) is None
        await uow.lists.add(_list(ListId(UUID(int=300)), "Home"))
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        found = await uow.lists.find_active_by_name(ALICE, ListName("Home"))
        assert found is not None
        assert found.id == UUID(int=300)


async def test_a_stale_write_fails_and_leaves_the_indexes_as_they_were(
    store: InMemoryStore,
) -> None:
    await _commit(store, _todo(1, position=3))
    async with InMemoryUnitOfWork(store) as first, InMemoryUnitOfWork(store) as second:
        mine = await first.todos.get(ALICE, TodoId(UUID(int=1)))
        theirs = await second.todos.get(ALICE, TodoId(UUID(int=1)))
        assert mine is not None
        assert theirs is not None
        mine.move(list_id=HOME, position=1, now=NOW)
        theirs.move(list_id=WORK, position=8, now=NOW)
        await first.commit()
        with pytest.raises(PreconditionFailed):
            await second.commit()
    async with InMemoryUnitOfWork(store) as uow:
        assert await uow.todos.last_position(ALICE, WORK) is None
        assert await uow.todos.last_position(ALICE, HOME) == 1
