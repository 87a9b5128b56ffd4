"""The SQLAlchemy unit of work and repository on real SQLite and real PostgreSQL (one body each)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork
from adapters.sqlalchemy.tables import outbox
from adapters.sqlalchemy.transactions import reading
from adapters.system import Uuid7IdGenerator
from todo_core import Conflict
from todo_core.domain import Notes, Title, Todo, TodoId, TodoStatus, UserId
from todo_core.domain.due import DueDate
from todo_core.domain.ids import ListId
from todo_core.domain.priority import Priority
from todo_core.domain.todo_list import TodoList
from todo_core.ports.todo_query import TodoQuery, TodoSort, sort_key

IDS = Uuid7IdGenerator()


def _owner() -> UserId:
    # A fresh owner per test keeps tests independent on a shared, migrated database.
    return UserId(uuid4())


def _todo(owner: UserId, title: str = "write the adapter", *, now: datetime | None = None) -> Todo:
    return Todo.create(
        todo_id=TodoId(IDS.new_id()),
        owner_id=owner,
        title=Title(title),
        notes=Notes("line one\nline two ✓"),
        now=now or datetime.now(UTC),
    )


def _uow(engine: AsyncEngine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(engine, ids=IDS)


async def _outbox_rows_for(engine: AsyncEngine, aggregate_id: UUID) -> list[dict[str, object]]:
    # A reader's view, from outside any unit of work (on SQLite, beside the one writer).
    async with reading(engine).connect() as connection:
        result = await connection.execute(
            select(outbox).where(outbox.c.aggregate_id == aggregate_id).order_by(outbox.c.id)
        )
        return [dict(row) for row in result.mappings()]


async def test_a_committed_todo_reads_back_equal_in_every_field(engine: AsyncEngine) -> None:
    owner = _owner()
    # A non-UTC offset and microseconds: both must survive the round trip as the same instant.
    written = _todo(
        owner, now=datetime(2026, 3, 29, 3, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    )
    async with _uow(engine) as uow:
        await uow.todos.add(written)
        await uow.commit()

    async with _uow(engine) as uow:
        read = await uow.todos.get(owner, written.id)

    assert read is not None
    assert (read.id, read.owner_id, read.title, read.notes) == (
        written.id,
        owner,
        written.title,
        written.notes,
    )
    assert read.status is TodoStatus.OPEN
    assert read.version == 1
    assert read.created_at == written.created_at
    assert read.created_at.tzinfo is not None
    assert read.updated_at == written.updated_at


async def test_another_owner_sees_nothing(engine: AsyncEngine) -> None:
    owner, stranger = _owner(), _owner()
    todo = _todo(owner)
    async with _uow(engine) as uow:
        await uow.todos.add(todo)
        await uow.commit()
    async with _uow(engine) as uow:
        assert await uow.todos.get(stranger, todo.id) is None
        assert await uow.todos.query(TodoQuery(owner_id=stranger, limit=10)) == []


async def test_leaving_without_commit_stores_neither_state_nor_events(engine: AsyncEngine) -> None:
    owner = _owner()
    todo = _todo(owner)
    async with _uow(engine) as uow:
        await uow.todos.add(todo)
    async with _uow(engine) as uow:
        assert await uow.todos.get(owner, todo.id) is None
    assert await _outbox_rows_for(engine, todo.id) == []


async def test_an_exception_inside_the_block_rolls_back(engine: AsyncEngine) -> None:
    owner = _owner()
    todo = _todo(owner)

    async def add_then_fail() -> None:
        async with _uow(engine) as uow:
            await uow.todos.add(todo)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await add_then_fail()
    async with _uow(engine) as uow:
        assert await uow.todos.get(owner, todo.id) is None


async def test_explicit_rollback_then_more_work_in_the_same_block(engine: AsyncEngine) -> None:
    owner = _owner()
    dropped, kept = _todo(owner, "dropped"), _todo(owner, "kept")
    async with _uow(engine) as uow:
        await uow.todos.add(dropped)
        await uow.rollback()
        await uow.todos.add(kept)
        await uow.commit()
    async with _uow(engine) as uow:
        listed = await uow.todos.query(TodoQuery(owner_id=owner, limit=10))
    assert [todo.title.value for todo in listed] == ["kept"]
    assert await _outbox_rows_for(engine, dropped.id) == []


async def test_commit_writes_the_event_to_the_outbox_in_the_same_transaction(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    todo = _todo(owner, "ship it")
    async with _uow(engine) as uow:
        await uow.todos.add(todo)
        assert await _outbox_rows_for(engine, todo.id) == []
        await uow.commit()

    (row,) = await _outbox_rows_for(engine, todo.id)
    assert row["aggregate_type"] == "todo"
    assert row["event_type"] == "todo.todo.created.v1"
    assert row["event_version"] == 1
    assert row["published_at"] is None
    assert row["attempts"] == 0
    assert row["occurred_at"] == todo.created_at
    assert row["payload"] == {
        "occurred_at": todo.created_at.isoformat(),
        "todo_id": str(todo.id),
        "owner_id": str(owner),
        "title": "ship it",
        "list_id": None,
        "due": None,
    }


async def test_event_payloads_with_tuples_dates_and_nones_reach_the_outbox_as_json(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    todo = _todo(owner, "before")
    async with _uow(engine) as uow:
        await uow.todos.add(todo)
        await uow.commit()
    async with _uow(engine) as uow:
        stored = await uow.todos.get(owner, todo.id)
        assert stored is not None
        stored.edit(
            now=stored.created_at + timedelta(minutes=1),
            title=Title("after"),
            priority=Priority.HIGH,
            due=DueDate(date(2026, 4, 1)),
        )
        await uow.commit()

    created, updated = await _outbox_rows_for(engine, todo.id)
    assert updated["event_type"] == "todo.todo.updated.v1"
    payload = updated["payload"]
    assert isinstance(payload, dict)
    # A tuple of names becomes a JSON list; a whole-day due is its ISO date.
    assert payload["changed"] == ["title", "priority", "due"]
    assert payload["due"] == "2026-04-01"
    assert payload["todo_id"] == str(todo.id)
    assert created["event_type"] == "todo.todo.created.v1"


async def test_a_duplicate_id_is_a_conflict_and_the_first_todo_survives(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    todo = _todo(owner, "original")
    async with _uow(engine) as uow:
        await uow.todos.add(todo)
        await uow.commit()
    twin = Todo.create(
        todo_id=todo.id, owner_id=owner, title=Title("twin"), notes=Notes(), now=todo.created_at
    )

    async def add_twin() -> None:
        async with _uow(engine) as uow:
            await uow.todos.add(twin)
            await uow.commit()

    with pytest.raises(Conflict):
        await add_twin()
    async with _uow(engine) as uow:
        survivor = await uow.todos.get(owner, todo.id)
    assert survivor is not None
    assert survivor.title.value == "original"
    assert len(await _outbox_rows_for(engine, todo.id)) == 1


async def test_keyset_pages_are_newest_first_and_stable_under_inserts(engine: AsyncEngine) -> None:
    owner = _owner()
    start = datetime.now(UTC)
    older = [_todo(owner, f"todo {n}", now=start + timedelta(seconds=n)) for n in range(5)]
    async with _uow(engine) as uow:
        for todo in older:
            await uow.todos.add(todo)
        await uow.commit()

    def page(limit: int, after: Todo | None = None) -> TodoQuery:
        cursor = None if after is None else sort_key(after, TodoSort.CREATED)
        return TodoQuery(owner_id=owner, limit=limit, after=cursor)

    async with _uow(engine) as uow:
        first = await uow.todos.query(page(2))
    async with _uow(engine) as uow:
        await uow.todos.add(_todo(owner, "newer", now=start + timedelta(minutes=1)))
        await uow.commit()
    async with _uow(engine) as uow:
        second = await uow.todos.query(page(2, after=first[-1]))
        rest = await uow.todos.query(page(10, after=second[-1]))

    assert [t.title.value for t in first] == ["todo 4", "todo 3"]
    assert [t.title.value for t in second] == ["todo 2", "todo 1"]
    assert [t.title.value for t in rest] == ["todo 0"]


async def test_every_event_of_a_unit_lands_in_one_commit(engine: AsyncEngine) -> None:
    owner = _owner()
    todos = [_todo(owner, f"batch {n}") for n in range(3)]
    async with _uow(engine) as uow:
        for todo in todos:
            await uow.todos.add(todo)
        await uow.commit()
    async with engine.connect() as connection:
        count = await connection.scalar(
            select(func.count())
            .select_from(outbox)
            .where(outbox.c.aggregate_id.in_([todo.id for todo in todos]))
        )
    assert count == 3


async def test_using_the_unit_outside_its_block_is_a_programming_error(
    engine: AsyncEngine,
) -> None:
    uow = _uow(engine)
    with pytest.raises(RuntimeError, match="outside its `async with` block"):
        await uow.commit()


async def test_the_last_position_read_beside_the_inbox_follows_the_units_own_changes(
    engine: AsyncEngine,
) -> None:
    owner, now = _owner(), datetime.now(UTC)
    inbox = TodoList.create_inbox(list_id=ListId(IDS.new_id()), owner_id=owner, now=now)

    def in_inbox(position: int) -> Todo:
        return Todo.create(
            todo_id=TodoId(IDS.new_id()),
            owner_id=owner,
            title=Title("sort the post"),
            notes=Notes(""),
            now=now,
            list_id=inbox.id,
            position=position,
        )

    async with _uow(engine) as uow:
        await uow.lists.add(inbox)
        await uow.commit()
    async with _uow(engine) as uow:
        assert await uow.lists.get_inbox(owner) == inbox
        assert await uow.todos.last_position(owner, inbox.id) is None
        await uow.todos.add(in_inbox(4))
        await uow.commit()

    async with _uow(engine) as uow:
        assert await uow.lists.get_inbox(owner) == inbox
        assert await uow.todos.last_position(owner, inbox.id) == 4
        # A todo written in this unit counts at once.
        added = in_inbox(9)
        await uow.todos.add(added)
        assert await uow.todos.last_position(owner, inbox.id) == 9
        # So does one changed in memory and not written yet.
        assert await uow.lists.get_inbox(owner) == inbox
        assert await uow.todos.get(owner, added.id) is added
        added.move(list_id=inbox.id, position=12, now=now)
        assert await uow.todos.last_position(owner, inbox.id) == 12
