"""PostgreSQL and Kafka for the scenarios, provisioned the way the test command provisions them.

A throwaway cluster (`tests.support.postgres_cluster`, durability off as in the tests) and a
throwaway KRaft broker (`tests.support.kafka_broker`), each started on first use on the
database's cores and removed at the end; or the servers named by `TODO_TEST_DATABASE_URL` /
`TODO_TEST_KAFKA_BOOTSTRAP_SERVERS`, as for the tests (then nothing is pinned). Each scenario
gets a fresh database, copied from one migrated template, so none sees another's rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path
from types import TracebackType
from typing import Self
from uuid import uuid4

import asyncpg
from sqlalchemy.engine import make_url

from benchmarks.cpus import CpuLayout, running_on
from entrypoints.migrate import upgrade
from tests.support.kafka_broker import fetch_kafka_libs, throwaway_kafka
from tests.support.postgres_cluster import throwaway_postgres

__all__ = ["Provisioner", "asyncpg_dsn"]

_TEMPLATE = "bench_template"


def asyncpg_dsn(url: str) -> str:
    """The SQLAlchemy URL as asyncpg's own connect() wants it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _execute(url: str, *statements: str) -> str:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


class Provisioner:
    def __init__(self, layout: CpuLayout) -> None:
        self._layout = layout
        self._stack = contextlib.ExitStack()
        self._server_url: str | None = None
        self._kafka: str | None = None
        self._databases: list[str] = []
        self.versions: dict[str, str] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self._server_url is not None:
                drops = [
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self._databases
                ]
                with contextlib.suppress(OSError, asyncpg.PostgresError):
                    asyncio.run(_execute(self._server_url, *drops))
        finally:
            self._stack.close()

    def database(self) -> str:
        """A fresh database at the newest schema: its SQLAlchemy (asyncpg) URL."""
        server = self._postgres()
        name = f"bench_{uuid4().hex[:12]}"
        asyncio.run(_execute(server, f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATE}"'))
        self._databases.append(name)
        return make_url(server).set(database=name).render_as_string(hide_password=False)

    def kafka(self) -> str:
        """The bootstrap servers of a running broker."""
        if self._kafka is None:
            given = os.environ.get("TODO_TEST_KAFKA_BOOTSTRAP_SERVERS")
            if given:
                self._kafka = given
                self.versions["kafka"] = "external"
            else:
                libs = fetch_kafka_libs()
                with running_on(self._layout.database):
                    broker = self._stack.enter_context(throwaway_kafka(libs))
                self._kafka = broker.bootstrap_servers
                self.versions["kafka"] = _kafka_version(libs)
        return self._kafka

    def _postgres(self) -> str:
        if self._server_url is None:
            given = os.environ.get("TODO_TEST_DATABASE_URL")
            if given:
                server = given
            else:
                with running_on(self._layout.database):
                    server = self._stack.enter_context(throwaway_postgres()).url()
            self._databases.append(_TEMPLATE)
            version = asyncio.run(
                _execute(
                    server,
                    f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)',
                    f'CREATE DATABASE "{_TEMPLATE}"',
                )
            )
            self.versions["postgresql"] = version
            upgrade(make_url(server).set(database=_TEMPLATE).render_as_string(hide_password=False))
            self._server_url = server
        return self._server_url


def _kafka_version(libs: Path) -> str:
    for jar in libs.glob("kafka_2.13-*.jar"):
        version = jar.stem.removeprefix("kafka_2.13-")
        if version[:1].isdigit() and not version.endswith(("-test", "-sources")):
            return version
    return "unknown"
