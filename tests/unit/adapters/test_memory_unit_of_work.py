"""The in-memory unit of work keeps the promises of the port, so unit tests can trust it."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.unit.conftest import ALICE, BOB
from todo_core import Conflict
from todo_core.domain import Notes, Title, Todo, TodoId
from todo_core.ports.todo_query import TodoQuery, TodoSort, sort_key

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def _todo(number: int, owner: object = ALICE) -> Todo:
    return Todo.create(
        todo_id=TodoId(UUID(int=number)),
        owner_id=owner,  # type: ignore[arg-type]
        title=Title(f"todo {number}"),
        notes=Notes(),
        now=NOW,
    )


async def test_committed_todos_are_visible_to_the_next_unit(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(_todo(1))
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        found = await uow.todos.get(ALICE, TodoId(UUID(int=1)))
    assert found is not None
    assert found.title == Title("todo 1")


async def test_leaving_without_commit_discards_changes_and_events(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(_todo(1))
    assert store.todos.rows == {}
    assert store.outbox == []


async def test_an_exception_rolls_back(store: InMemoryStore) -> None:
    async def add_then_fail() -> None:
        async with InMemoryUnitOfWork(store) as uow:
            await uow.todos.add(_todo(1))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await add_then_fail()
    assert store.todos.rows == {}


async def test_explicit_rollback_forgets_pending_changes(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(_todo(1))
        await uow.rollback()
        await uow.commit()
    assert store.todos.rows == {}
    assert store.outbox == []


async def test_uncommitted_changes_are_invisible_to_other_units(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as writer, InMemoryUnitOfWork(store) as reader:
        await writer.todos.add(_todo(1))
        assert await writer.todos.get(ALICE, TodoId(UUID(int=1))) is not None
        assert await reader.todos.get(ALICE, TodoId(UUID(int=1))) is None
        assert await reader.todos.query(TodoQuery(owner_id=ALICE, limit=10)) == []


async def test_events_reach_the_outbox_only_on_commit_and_only_once(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(_todo(1))
        assert store.outbox == []
        await uow.commit()
        await uow.commit()
    assert [event.aggregate_id for event in store.outbox] == [UUID(int=1)]


async def test_changing_a_read_copy_without_commit_does_not_touch_the_store(
    store: InMemoryStore,
) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(_todo(1))
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        found = await uow.todos.get(ALICE, TodoId(UUID(int=1)))
        assert found is not None
        found.title = Title("changed")
    assert store.todos.rows[TodoId(UUID(int=1))].title == Title("todo 1")


async def test_objects_kept_after_commit_cannot_change_committed_state(
    store: InMemoryStore,
) -> None:
    todo = _todo(1)
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(todo)
        await uow.commit()
    todo.title = Title("sneaky")
    assert store.todos.rows[todo.id].title == Title("todo 1")


async def test_adding_an_existing_id_is_a_conflict(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(_todo(1))
        with pytest.raises(Conflict):
            await uow.todos.add(_todo(1))
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        with pytest.raises(Conflict):
            await uow.todos.add(_todo(1))


async def test_another_owner_cannot_get_or_list_the_todo(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        await uow.todos.add(_todo(1))
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        assert await uow.todos.get(BOB, TodoId(UUID(int=1))) is None
        assert await uow.todos.query(TodoQuery(owner_id=BOB, limit=10)) == []


async def test_listing_honours_the_keyset_and_limit(store: InMemoryStore) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        for number in range(1, 6):
            await uow.todos.add(_todo(number))
        await uow.commit()
    async with InMemoryUnitOfWork(store) as uow:
        fourth = await uow.todos.get(ALICE, TodoId(UUID(int=4)))
        assert fourth is not None
        after = sort_key(fourth, TodoSort.CREATED)
        listed = await uow.todos.query(TodoQuery(owner_id=ALICE, limit=2, after=after))
    assert [todo.id for todo in listed] == [UUID(int=3), UUID(int=2)]


async def test_a_row_added_and_removed_in_one_unit_never_reaches_the_store(
    store: InMemoryStore,
) -> None:
    async with InMemoryUnitOfWork(store) as uow:
        todo = _todo(1)
        await uow.todos.add(todo)
        await uow.todos.remove(todo)
        assert await uow.todos.query(TodoQuery(owner_id=ALICE, limit=10)) == []
        await uow.commit()
    assert store.todos.rows == {}


async def test_two_units_adding_one_id_the_second_commit_is_a_conflict(
    store: InMemoryStore,
) -> None:
    async with InMemoryUnitOfWork(store) as first, InMemoryUnitOfWork(store) as second:
        await first.todos.add(_todo(1))
        await second.todos.add(_todo(1, owner=BOB))
        await first.commit()
        with pytest.raises(Conflict):
            await second.commit()
    assert [todo.owner_id for todo in store.todos.rows.values()] == [ALICE]


async def test_entering_a_used_unit_again_starts_from_the_committed_state(
    store: InMemoryStore,
) -> None:
    uow = InMemoryUnitOfWork(store)
    await uow.todos.add(_todo(1))
    async with uow:
        assert await uow.todos.get(ALICE, TodoId(UUID(int=1))) is None
        await uow.commit()
    assert store.todos.rows == {}
