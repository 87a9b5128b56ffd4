"""A database that cannot be reached becomes the core's StorageUnavailable, never a driver error."""

from __future__ import annotations

import asyncio
import socket
import threading
from uuid import uuid4

import pytest

from adapters.sqlalchemy import (
    SqlAlchemyUnitOfWork,
    UnsupportedDatabase,
    create_engine,
    database_is_reachable,
)
from adapters.system import Uuid7IdGenerator
from todo_core import StorageUnavailable
from todo_core.domain import UserId
from todo_core.ports.todo_query import TodoQuery


def _closed_port() -> int:
    # Bound but never listening: connections are refused at once, on loopback only.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_an_unreachable_postgresql_is_storage_unavailable() -> None:
    engine = create_engine(f"postgresql+asyncpg://todo@127.0.0.1:{_closed_port()}/todo")
    try:
        with pytest.raises(StorageUnavailable):
            async with SqlAlchemyUnitOfWork(engine, ids=Uuid7IdGenerator()) as uow:
                await uow.todos.query(TodoQuery(owner_id=UserId(uuid4()), limit=1))
        assert await database_is_reachable(engine) is False
    finally:
        await engine.dispose()


async def _aiosqlite_workers_finished() -> None:
    # After a failed connect, aiosqlite stops its worker thread without awaiting it; if the
    # test's event loop closed first, the thread would report to a closed loop.
    for _ in range(200):
        if not any("_connection_worker_thread" in t.name for t in threading.enumerate()):
            return
        await asyncio.sleep(0.01)


async def test_a_sqlite_file_in_a_missing_unwritable_place_is_storage_unavailable() -> None:
    engine = create_engine("sqlite+aiosqlite:////proc/no-such-dir/todo.db")
    try:
        with pytest.raises(StorageUnavailable):
            async with SqlAlchemyUnitOfWork(engine, ids=Uuid7IdGenerator()) as uow:
                await uow.todos.query(TodoQuery(owner_id=UserId(uuid4()), limit=1))
    finally:
        await engine.dispose()
        await _aiosqlite_workers_finished()


async def test_a_reachable_database_is_ready(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await database_is_reachable(engine) is True
    finally:
        await engine.dispose()


def test_unsupported_databases_are_refused_with_a_clear_message() -> None:
    with pytest.raises(UnsupportedDatabase, match="use postgresql:// or sqlite://"):
        create_engine("mysql://localhost/todo")


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("sqlite:///:memory:", "sqlite+aiosqlite"),
        ("postgresql://u@localhost/db", "postgresql+asyncpg"),
    ],
)
def test_plain_urls_get_the_async_driver(given: str, driver: str) -> None:
    engine = create_engine(given)
    assert engine.url.drivername == driver
