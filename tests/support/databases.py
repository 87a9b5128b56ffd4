"""Database fixtures: a real PostgreSQL (throwaway, or the one named by TODO_TEST_DATABASE_URL)
and SQLite files, migrated with the project's own Alembic history.

Only loopback servers are accepted: tests must never reach another machine's database.

Loaded as a plugin by every test run, so the database libraries are imported only inside the
fixtures: a unit-only run never pays for them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import uuid4

import pytest

from tests.support.postgres_cluster import throwaway_postgres

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = [
    "database_url",
    "engine",
    "migrated_postgres",
    "migrated_postgres_url",
    "migrated_sqlite_url",
    "postgres_database",
    "postgres_server_url",
]

DATABASE_KINDS = ("sqlite", "postgresql")


def _require_loopback(url: str) -> None:
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - see the module docstring

    host = make_url(url).host or "localhost"
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    pytest.exit(f"TODO_TEST_DATABASE_URL must point at loopback, not {host!r}", returncode=4)


async def _admin(server_url: str, *statements: str) -> None:
    import asyncpg  # noqa: PLC0415 - see the module docstring
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    dsn = make_url(server_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    given = os.environ.get("TODO_TEST_DATABASE_URL")
    if given:
        _require_loopback(given)
        yield given
        return
    with throwaway_postgres() as server:
        yield server.url()


@pytest.fixture(scope="session")
def postgres_database(postgres_server_url: str) -> Iterator[Callable[[], str]]:
    """Makes a fresh, empty database on the test server; all are dropped at the end."""
    created: list[str] = []

    from sqlalchemy.engine import make_url  # noqa: PLC0415 - see the module docstring

    def create() -> str:
        name = f"todo_test_{uuid4().hex[:12]}"
        asyncio.run(_admin(postgres_server_url, f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(postgres_server_url).set(database=name).render_as_string(False)

    yield create
    for name in created:
        asyncio.run(_admin(postgres_server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def empty_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """Makes an empty database of the given kind and returns its URL."""

    def create(kind: str) -> str:
        if kind == "sqlite":
            path: Path = tmp_path_factory.mktemp("sqlite") / "todo.db"
            return f"sqlite+aiosqlite:///{path}"
        factory: Callable[[], str] = request.getfixturevalue("postgres_database")
        return factory()

    return create


@pytest.fixture(scope="session", params=DATABASE_KINDS)
def database_url(request: pytest.FixtureRequest, empty_database: Callable[[str], str]) -> str:
    """A database of each kind, migrated to head once per session."""
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - see the module docstring

    url = empty_database(request.param)
    upgrade(url)
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    from adapters.sqlalchemy import create_engine  # noqa: PLC0415 - see the module docstring

    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def migrated_sqlite_url(empty_database: Callable[[str], str]) -> str:
    """A fresh SQLite database of the test's own, migrated to head. A sync fixture: the
    migration runs its own event loop on the main thread (see tests/support/http_client.py
    for why no engine may run in a thread that ends)."""
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - see the module docstring

    url = empty_database("sqlite")
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def migrated_postgres_url(postgres_database: Callable[[], str]) -> str:
    """A PostgreSQL database of the test module's own, migrated to head: for tests that need
    PostgreSQL alone (its locks, its errors) and must not share rows with other modules."""
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - see the module docstring

    url = postgres_database()
    upgrade(url)
    return url


@pytest.fixture
async def migrated_postgres(migrated_postgres_url: str) -> AsyncIterator[AsyncEngine]:
    from adapters.sqlalchemy import create_engine  # noqa: PLC0415 - see the module docstring

    engine = create_engine(migrated_postgres_url)
    yield engine
    await engine.dispose()
