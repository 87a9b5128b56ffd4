"""A real PostgreSQL failing in real ways: every failure reaches callers as a core error.

A server stopped mid-transaction and a pool with no connection to spare are
`StorageUnavailable`; a serialization failure and a deadlock are `TransientConflict`, which the
`Application` facade runs again. No driver is mocked: the server really stops, and the races are
really lost, on connections of their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import uuid4

import asyncpg
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from adapters.sqlalchemy.tables import todo_lists
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.migrate import upgrade
from tests.support.postgres_cluster import (
    RestartablePostgresServer,
    find_postgres_bin_dir,
    throwaway_postgres,
)
from todo_core import Application, Ports, StorageUnavailable, TransientConflict
from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_name import ListName
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases import CreateListCommand, PatchListCommand

IDS = Uuid7IdGenerator()
NOW = datetime(2026, 3, 29, tzinfo=UTC)


def _unit(engine: AsyncEngine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(engine, ids=IDS)


def _app(engine: AsyncEngine) -> Application:
    return Application(Ports(uow=lambda: _unit(engine), clock=SystemClock(), ids=IDS))


async def _new_list(engine: AsyncEngine, owner: UserId, name: str) -> ListId:
    return (await _app(engine).create_list(CreateListCommand(actor=owner, name=name))).id


async def _rename(uow: SqlAlchemyUnitOfWork, owner: UserId, list_id: ListId, name: str) -> None:
    todo_list = await uow.lists.get(owner, list_id)
    assert todo_list is not None
    todo_list.rename(ListName.parse(name), NOW)


def _sqlstate_behind(error: BaseException) -> str | None:
    """The SQLSTATE of the driver error a core error was raised from."""
    cause = error.__cause__
    assert isinstance(cause, sa_exc.DBAPIError), f"caused by {cause!r}, not a driver error"
    return getattr(cause.orig, "sqlstate", None)


# -- a server that stops mid-transaction -------------------------------------------------------


@pytest.fixture(scope="module")
def restartable_server() -> Iterator[RestartablePostgresServer]:
    """A cluster of this module's own: stopping the shared one would fail other tests."""
    if find_postgres_bin_dir() is None:
        pytest.skip("needs the PostgreSQL server binaries (scripts/ensure-postgres.sh)")
    with throwaway_postgres() as server:
        upgrade(server.url())
        # The throwaway cluster commits asynchronously (synchronous_commit=off), and an
        # immediate stop is a crash: flush the schema to disk, or recovery may roll it back.
        asyncio.run(_checkpoint(server))
        yield server


async def _checkpoint(server: RestartablePostgresServer) -> None:
    connection = await asyncpg.connect(host=server.host, port=server.port, user=server.user)
    try:
        await connection.execute("CHECKPOINT")
    finally:
        await connection.close()


@pytest.fixture
async def restartable_engine(
    restartable_server: RestartablePostgresServer,
) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(restartable_server.url())
    yield engine
    await engine.dispose()


async def _fill_pool(engine: AsyncEngine, connections: int) -> None:
    # Idle pooled connections die with the server too; the pool must notice after a restart.
    async def read(uow: SqlAlchemyUnitOfWork) -> None:
        async with uow:
            await uow.lists.get(UserId(uuid4()), ListId(uuid4()))

    await asyncio.gather(*(read(_unit(engine)) for _ in range(connections)))


async def _go_on(uow: SqlAlchemyUnitOfWork, how: str, owner: UserId, list_id: ListId) -> None:
    if how == "read":
        await uow.lists.get(owner, list_id)
    else:
        await uow.commit()


@pytest.mark.parametrize("next_call", ["read", "commit"])
async def test_a_server_stopped_mid_transaction_is_storage_unavailable_until_it_is_back(
    restartable_server: RestartablePostgresServer, restartable_engine: AsyncEngine, next_call: str
) -> None:
    engine, owner = restartable_engine, UserId(uuid4())
    list_id = await _new_list(engine, owner, "Before")
    await _fill_pool(engine, connections=3)

    try:
        async with _unit(engine) as uow:
            await _rename(uow, owner, list_id, "During")
            restartable_server.stop()  # pg_ctl stop -m immediate: every connection drops
            with pytest.raises(StorageUnavailable) as caught:
                await _go_on(uow, next_call, owner, list_id)
            assert type(caught.value) is StorageUnavailable
            assert isinstance(caught.value.__cause__, sa_exc.DBAPIError)
            assert caught.value.__cause__.connection_invalidated
            # The unit cannot go on with its lost transaction, and says so in the same terms.
            with pytest.raises(StorageUnavailable):
                await uow.commit()
        # Leaving the block rolled back on a dead connection, and raised nothing.

        with pytest.raises(StorageUnavailable) as refused:
            async with _unit(engine) as uow:
                await uow.lists.get(owner, list_id)
        assert type(refused.value) is StorageUnavailable
        assert isinstance(refused.value.__cause__, OSError)
    finally:
        restartable_server.start()

    # The same engine recovers by itself: the failed statement had the pool discard them all.
    created = await _app(engine).create_list(CreateListCommand(actor=owner, name="After"))
    async with _unit(engine) as uow:
        stored = await uow.lists.get(owner, created.id)
    assert stored is not None
    assert stored.name.value == "After"


async def test_a_backend_killed_mid_transaction_is_storage_unavailable(
    migrated_postgres: AsyncEngine,
) -> None:
    engine, owner = migrated_postgres, UserId(uuid4())
    async with _unit(engine) as uow:
        await uow.lists.get(owner, ListId(uuid4()))
        async with engine.connect() as admin:
            await admin.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND state = 'idle in transaction' "
                    "AND pid <> pg_backend_pid()"
                )
            )
        with pytest.raises(StorageUnavailable) as caught:
            await uow.lists.get(owner, ListId(uuid4()))
        assert type(caught.value) is StorageUnavailable

    async with _unit(engine) as uow:
        assert await uow.lists.get(owner, ListId(uuid4())) is None


async def _pooled_driver_connections(engine: AsyncEngine, count: int) -> list[asyncpg.Connection]:
    """`count` connections opened at once and back in the pool: asyncpg's, for watching."""

    async def open_one() -> asyncpg.Connection:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver: asyncpg.Connection = raw.driver_connection
            await connection.execute(text("SELECT 1"))
        return driver

    return await asyncio.gather(*(open_one() for _ in range(count)))


async def test_pooled_connections_the_server_ended_are_replaced_before_any_unit_fails(
    migrated_postgres_url: str, migrated_postgres: AsyncEngine
) -> None:
    engine, owner = migrated_postgres, UserId(uuid4())
    pooled = await _pooled_driver_connections(engine, 3)
    assert engine.sync_engine.pool.checkedin() == 3  # type: ignore[attr-defined]
    dsn = make_url(migrated_postgres_url).set(drivername="postgresql")
    admin = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    try:
        pids = await admin.fetchval(
            "SELECT array_agg(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = 'todo'"
        )
        assert len(pids) == 3
        await admin.execute("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", pids)
    finally:
        await admin.close()
    # Until the client has read the end of each socket (the server sends its FATAL message
    # first, then closes): the state every dead pooled connection reaches while it idles.
    async with asyncio.timeout(30):
        # Polling: a socket's end signals nothing a test could await.
        while not all(connection.is_closed() for connection in pooled):  # noqa: ASYNC110
            await asyncio.sleep(0.01)

    # No unit of work pays for the dead connections: each gets a live one at checkout.
    async def read(uow: SqlAlchemyUnitOfWork) -> None:
        async with uow:
            assert await uow.lists.get(owner, ListId(uuid4())) is None

    await asyncio.gather(*(read(_unit(engine)) for _ in range(3)))


# -- races PostgreSQL detects ------------------------------------------------------------------


async def test_write_skew_under_serializable_is_a_transient_conflict(
    migrated_postgres: AsyncEngine,
) -> None:
    engine, owner = migrated_postgres, UserId(uuid4())
    first, second = await _new_list(engine, owner, "A"), await _new_list(engine, owner, "B")
    serializable = engine.execution_options(isolation_level="SERIALIZABLE")

    # Each unit reads both rows and changes the one the other did not: no row is written
    # twice, but no serial order explains both outcomes, so PostgreSQL refuses the second.
    async with _unit(serializable) as one, _unit(serializable) as other:
        for uow in (one, other):
            await uow.lists.get(owner, first)
            await uow.lists.get(owner, second)
        await _rename(one, owner, first, "A by one")
        await _rename(other, owner, second, "B by other")
        await one.commit()
        with pytest.raises(TransientConflict) as caught:
            await other.commit()

    assert type(caught.value) is TransientConflict
    assert _sqlstate_behind(caught.value) == "40001"


async def test_a_deadlock_is_a_transient_conflict_for_exactly_one_of_the_two(
    migrated_postgres: AsyncEngine,
) -> None:
    engine, owner = migrated_postgres, UserId(uuid4())
    first, second = await _new_list(engine, owner, "A"), await _new_list(engine, owner, "B")
    locked = {first: asyncio.Event(), second: asyncio.Event()}

    async def cross(mine: ListId, theirs: ListId, name: str) -> None:
        async with _unit(engine) as uow:
            await _rename(uow, owner, mine, name)
            await uow.lists.get(owner, theirs)  # flushes first: `mine` is now row-locked
            locked[mine].set()
            await locked[theirs].wait()
            await _rename(uow, owner, theirs, name + " too")
            await uow.commit()  # waits for the other's lock, which waits for ours

    # PostgreSQL notices after deadlock_timeout (1 s by default) and aborts one of the two.
    outcomes = await asyncio.wait_for(
        asyncio.gather(
            cross(first, second, "one"), cross(second, first, "other"), return_exceptions=True
        ),
        timeout=10,
    )

    conflicts = [outcome for outcome in outcomes if isinstance(outcome, TransientConflict)]
    assert len(conflicts) == 1, outcomes
    assert outcomes.count(None) == 1, outcomes
    assert _sqlstate_behind(conflicts[0]) == "40P01"


class RacedUnitOfWork(SqlAlchemyUnitOfWork):
    """A real unit whose commit first lets another connection update the list row it read.

    Under SERIALIZABLE, PostgreSQL then refuses this unit's own UPDATE of the row with a real
    serialization failure ("could not serialize access due to concurrent update").
    """

    def __init__(self, engine: AsyncEngine, *, rival: AsyncEngine, races: Races) -> None:
        super().__init__(engine, ids=IDS)
        self._rival = rival
        self._races = races

    async def commit(self) -> None:
        row = todo_lists.c
        async with self._rival.begin() as rival:
            await rival.execute(
                update(todo_lists).where(row.id == self._races.list_id).values(version=row.version)
            )
        try:
            await super().commit()
        except TransientConflict as lost:
            self._races.lost.append(lost)
            raise


@dataclass
class Races:
    """A unit-of-work factory whose first `count` units lose a race on `list_id`."""

    engine: AsyncEngine
    list_id: ListId
    count: int
    made: int = 0
    lost: list[TransientConflict] = field(default_factory=list)

    def __call__(self) -> UnitOfWork:
        self.made += 1
        serializable = self.engine.execution_options(isolation_level="SERIALIZABLE")
        if self.made <= self.count:
            return RacedUnitOfWork(serializable, rival=self.engine, races=self)
        return _unit(serializable)


async def test_the_facade_runs_a_use_case_that_lost_a_race_again(
    migrated_postgres: AsyncEngine,
) -> None:
    engine, owner = migrated_postgres, UserId(uuid4())
    list_id = await _new_list(engine, owner, "Draft")
    races = Races(engine, list_id, count=1)
    app = Application(Ports(uow=races, clock=SystemClock(), ids=IDS))

    renamed = await app.patch_list(PatchListCommand(actor=owner, list_id=list_id, name="Final"))

    assert renamed.name == "Final"
    assert races.made == 2
    assert [_sqlstate_behind(lost) for lost in races.lost] == ["40001"]


async def test_the_facade_gives_up_after_three_lost_races(migrated_postgres: AsyncEngine) -> None:
    engine, owner = migrated_postgres, UserId(uuid4())
    list_id = await _new_list(engine, owner, "Draft")
    races = Races(engine, list_id, count=99)
    app = Application(Ports(uow=races, clock=SystemClock(), ids=IDS))

    with pytest.raises(TransientConflict) as caught:
        await app.patch_list(PatchListCommand(actor=owner, list_id=list_id, name="Final"))

    assert races.made == 3
    assert caught.value is races.lost[-1]


# -- an exhausted pool -------------------------------------------------------------------------


async def test_a_pool_with_no_connection_to_spare_is_storage_unavailable(
    migrated_postgres_url: str,
) -> None:
    engine = create_engine(migrated_postgres_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    try:
        async with engine.connect() as held:
            await held.execute(text("SELECT 1"))
            with pytest.raises(StorageUnavailable) as caught:
                async with _unit(engine) as uow:
                    await uow.lists.get(UserId(uuid4()), ListId(uuid4()))
            assert type(caught.value) is StorageUnavailable
            assert isinstance(caught.value.__cause__, sa_exc.TimeoutError)

        async with _unit(engine) as uow:
            assert await uow.lists.get(UserId(uuid4()), ListId(uuid4())) is None
    finally:
        await engine.dispose()
