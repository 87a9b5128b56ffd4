"""`todo_labels` holds exactly one row per label of every stored todo, on SQLite and PostgreSQL:
what the repository writes with each change, and what migration 0005 fills from the JSON.

The listings by label are driven from this table, so a row too many or too few is a todo shown
or hidden wrongly; the contract suite checks those listings, this checks the rows themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import delete, event, insert, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from adapters.sqlalchemy.tables import todo_labels, todos
from adapters.sqlalchemy.todo_mapping import todo_label_rows, todo_to_row
from adapters.system import Uuid7IdGenerator
from entrypoints.migrate import upgrade
from todo_core import PreconditionFailed
from todo_core.domain.ids import LabelId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo

IDS = Uuid7IdGenerator()
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
WORK, HOME, ERRANDS = LabelId(uuid4()), LabelId(uuid4()), LabelId(uuid4())

Row = tuple[Any, ...]


def _todo(owner: UserId, title: str, *labels: LabelId) -> Todo:
    todo = Todo.create(
        todo_id=TodoId(IDS.new_id()),
        owner_id=owner,
        title=Title(title),
        notes=Notes(""),
        now=NOW,
        labels=labels,
    )
    todo.pull_events()
    return todo


def _uow(engine: AsyncEngine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(engine, ids=IDS)


def _expected(*todos: Todo) -> set[Row]:
    return {tuple(row.values()) for todo in todos for row in todo_label_rows(todo)}


async def _stored(engine: AsyncEngine, *todos: Todo) -> set[Row]:
    c = todo_labels.c
    async with engine.connect() as connection:
        # The columns in the order `todo_label_rows` builds them.
        result = await connection.execute(
            select(c.todo_id, c.label_id, c.owner_id, c.created_at, c.live).where(
                c.todo_id.in_([todo.id for todo in todos])
            )
        )
        return {tuple(row) for row in result}


async def _store(engine: AsyncEngine, *todos: Todo) -> None:
    async with _uow(engine) as uow:
        for todo in todos:
            await uow.todos.add(todo)
        await uow.commit()


async def _change(engine: AsyncEngine, todo: Todo, change: Callable[[Todo], object]) -> Todo:
    """Load `todo` in a unit of its own, apply `change`, commit; the changed copy."""
    async with _uow(engine) as uow:
        loaded = await uow.todos.get(todo.owner_id, todo.id)
        assert loaded is not None
        change(loaded)
        await uow.commit()
    return loaded


@contextmanager
def _statements_on_todo_labels(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        statement: str = args[2]
        if "todo_labels" in statement:
            seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_adding_a_todo_writes_one_row_per_label(engine: AsyncEngine) -> None:
    owner = UserId(uuid4())
    labelled, bare = _todo(owner, "labelled", WORK, HOME), _todo(owner, "bare")
    await _store(engine, labelled, bare)

    stored = await _stored(engine, labelled, bare)

    assert stored == _expected(labelled)
    assert {(row[1], row[4]) for row in stored} == {(WORK, True), (HOME, True)}


async def test_editing_the_labels_replaces_the_rows(engine: AsyncEngine) -> None:
    todo = _todo(UserId(uuid4()), "relabelled", WORK, HOME)
    await _store(engine, todo)

    changed = await _change(engine, todo, lambda t: t.edit(now=LATER, labels=[HOME, ERRANDS]))
    assert await _stored(engine, todo) == _expected(changed)
    assert {row[1] for row in await _stored(engine, todo)} == {HOME, ERRANDS}

    cleared = await _change(engine, todo, lambda t: t.edit(now=LATER, labels=[]))
    assert cleared.labels == frozenset()
    assert await _stored(engine, todo) == set()


async def test_removing_a_label_drops_its_row_from_live_and_trashed_todos(
    engine: AsyncEngine,
) -> None:
    owner = UserId(uuid4())
    live, trashed = _todo(owner, "live", WORK, HOME), _todo(owner, "trashed", WORK)
    trashed.trash(LATER)
    await _store(engine, live, trashed)

    # As deleting a label does: every todo that has it, through the repository.
    async with _uow(engine) as uow:
        holders = await uow.todos.with_label(owner, WORK)
        for holder in holders:
            holder.remove_label(WORK, LATER)
        await uow.commit()

    assert sorted(todo.title.value for todo in holders) == ["live", "trashed"]
    assert await _stored(engine, live, trashed) == {(live.id, HOME, owner, NOW, True)}


async def test_trashing_and_restoring_flip_live(engine: AsyncEngine) -> None:
    todo = _todo(UserId(uuid4()), "in and out", WORK, HOME)
    await _store(engine, todo)

    trashed = await _change(engine, todo, lambda t: t.trash(LATER))
    assert {row[4] for row in await _stored(engine, todo)} == {False}
    assert await _stored(engine, todo) == _expected(trashed)

    restored = await _change(engine, todo, lambda t: t.restore(LATER))
    assert {row[4] for row in await _stored(engine, todo)} == {True}
    assert await _stored(engine, todo) == _expected(restored)


async def test_removing_a_todo_deletes_its_rows(engine: AsyncEngine) -> None:
    owner = UserId(uuid4())
    loaded, held, kept = (_todo(owner, name, WORK) for name in ("loaded", "held", "kept"))
    loaded.trash(LATER)
    await _store(engine, loaded, held, kept)

    async with _uow(engine) as uow:
        found = await uow.todos.get(owner, loaded.id)
        assert found is not None
        await uow.todos.remove(found)
        # Never loaded in this unit: removed as the caller holds it.
        await uow.todos.remove(held)
        await uow.commit()

    assert await _stored(engine, loaded, held, kept) == _expected(kept)


async def test_a_removal_that_loses_a_race_keeps_the_rows(engine: AsyncEngine) -> None:
    todo = _todo(UserId(uuid4()), "contested", WORK)
    await _store(engine, todo)
    changed = await _change(engine, todo, lambda t: t.edit(now=LATER, labels=[WORK, HOME]))

    async def remove_stale_copy() -> None:
        async with _uow(engine) as uow:
            # The version the caller holds is older than the stored one.
            await uow.todos.remove(todo)
            await uow.commit()

    with pytest.raises(PreconditionFailed):
        await remove_stale_copy()

    assert await _stored(engine, todo) == _expected(changed)


async def test_only_a_change_to_what_the_rows_hold_rewrites_them(engine: AsyncEngine) -> None:
    todo = _todo(UserId(uuid4()), "busy", WORK)
    await _store(engine, todo)

    with _statements_on_todo_labels(engine) as untouched:
        await _change(engine, todo, lambda t: t.edit(now=LATER, title=Title("renamed")))
        await _change(engine, todo, lambda t: t.complete(now=LATER))
    with _statements_on_todo_labels(engine) as relabelled:
        changed = await _change(engine, todo, lambda t: t.edit(now=LATER, labels=[HOME]))

    assert untouched == []
    # The old rows out, the new ones in.
    assert [statement.split()[0] for statement in relabelled] == ["DELETE", "INSERT"]
    assert await _stored(engine, todo) == _expected(changed)


async def test_a_todo_deleted_without_its_rows_cannot_commit(engine: AsyncEngine) -> None:
    """The foreign key, checked at commit, catches a write path that forgets the rows."""
    todo = _todo(UserId(uuid4()), "orphaned", WORK)
    await _store(engine, todo)

    async with engine.connect() as connection:
        await connection.execute(delete(todos).where(todos.c.id == todo.id))
        with pytest.raises(sa_exc.IntegrityError):
            await connection.commit()
        await connection.rollback()

    assert await _stored(engine, todo) == _expected(todo)


# -- the migration's backfill -----------------------------------------------------------------


async def _insert_rows_at_0004(url: str, *todos_: Todo) -> None:
    """Todos as revision 0004 stored them: the `todos` table has not changed since."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(todos), [todo_to_row(todo) for todo in todos_])
    finally:
        await engine.dispose()


async def _all_stored(url: str, *todos_: Todo) -> set[Row]:
    engine = create_engine(url)
    try:
        return await _stored(engine, *todos_)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_migration_fills_the_rows_from_the_json(
    kind: str, empty_database: Callable[[str], str]
) -> None:
    url = empty_database(kind)
    upgrade(url, "0004")
    owner, other = UserId(uuid4()), UserId(uuid4())
    live = _todo(owner, "live", WORK, HOME)
    trashed = _todo(other, "trashed", HOME)
    trashed.trash(LATER)
    bare = _todo(owner, "bare")
    asyncio.run(_insert_rows_at_0004(url, live, trashed, bare))

    upgrade(url)

    assert asyncio.run(_all_stored(url, live, trashed, bare)) == _expected(live, trashed)
