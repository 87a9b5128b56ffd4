#!/usr/bin/env python3
"""How long the main todo listing takes on PostgreSQL at 1 000 and at 100 000 todos.

The listing is the default view: one owner's open todos, newest first, a page of 50 (the use
case asks the repository for 51). Each run goes through the repository as the use case does:
pool checkout (with its liveness ping), BEGIN, the query, the rows mapped to todos, ROLLBACK;
then the same statement alone, on one open connection, shows what of that is the database's.
Prints p50 and p95 of `--runs` runs (after a warm-up) for the busiest owner and an owner of
median size.

    .venv/bin/python scripts/measure_list_query.py [DATABASE_URL] [--runs 200]

DATABASE_URL names an empty PostgreSQL database, which is migrated and whose todos table is
filled and emptied again; the script refuses a database that already holds todos. Without it,
a throwaway cluster is started the way the tests start one (durability off, which changes
nothing for reads). The todos are the plan test's (`tests.support.bulk_todos`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

# The data generator lives with the tests; this script runs from a checkout, not an install.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from adapters.sqlalchemy.tables import todos
from adapters.sqlalchemy.todo_repository import build_query_statement
from adapters.system import Uuid7IdGenerator
from entrypoints.migrate import upgrade
from tests.support.bulk_todos import load_todos
from tests.support.postgres_cluster import throwaway_postgres
from todo_core.domain.ids import UserId
from todo_core.domain.todo import TodoStatus
from todo_core.ports.todo_query import TodoQuery

# (total todos, owners): about a hundred todos per owner on average, as in the plan test.
_SIZES = ((1_000, 10), (100_000, 1_000))
_WARM_UP = 20


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def _count(engine: AsyncEngine, owner: UUID | None = None) -> int:
    statement = select(func.count()).select_from(todos)
    if owner is not None:
        statement = statement.where(todos.c.owner_id == owner)
    async with engine.connect() as connection:
        return int((await connection.execute(statement)).scalar_one())


async def _timings(engine: AsyncEngine, owner: UUID, runs: int) -> tuple[list[float], list[float]]:
    """Seconds per run through the repository, and for the statement alone on one connection."""
    query = TodoQuery(owner_id=UserId(owner), limit=51, status=TodoStatus.OPEN)
    ids = Uuid7IdGenerator()
    whole: list[float] = []
    for run in range(_WARM_UP + runs):
        started = time.perf_counter()
        async with SqlAlchemyUnitOfWork(engine, ids=ids) as uow:
            await uow.todos.query(query)
        if run >= _WARM_UP:
            whole.append(time.perf_counter() - started)
    statement = build_query_statement(query, engine.dialect.name)
    alone: list[float] = []
    async with engine.connect() as connection:
        for run in range(_WARM_UP + runs):
            started = time.perf_counter()
            (await connection.execute(statement)).all()
            if run >= _WARM_UP:
                alone.append(time.perf_counter() - started)
    return whole, alone


def _summary(seconds: list[float]) -> str:
    p95 = statistics.quantiles(seconds, n=20)[-1]
    return f"p50 {statistics.median(seconds) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


async def _measure(url: str, runs: int) -> None:
    engine = create_engine(url)
    try:
        if await _count(engine):
            raise SystemExit("the database already holds todos; give an empty one")
        for total, owners in _SIZES:
            population = await load_todos(url, total=total, owners=owners)
            for label, owner in (
                ("busiest owner", population.busiest_owner),
                ("median owner", population.typical_owner),
            ):
                whole, alone = await _timings(engine, owner, runs)
                mine = await _count(engine, owner)
                _say(f"{total:>7} todos, {label} ({mine} todos):")
                _say(f"    through the repository: {_summary(whole)}")
                _say(f"    the statement alone:    {_summary(alone)}")
            async with engine.begin() as connection:
                # todo_labels refers to todos: PostgreSQL truncates both at once or neither.
                await connection.execute(text("TRUNCATE todo_labels, todos"))
    finally:
        await engine.dispose()


@contextlib.contextmanager
def _database(given: str | None) -> Iterator[str]:
    if given is not None:
        yield given
        return
    with throwaway_postgres() as server:
        yield server.url()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="an empty PostgreSQL database (default: throwaway)")
    parser.add_argument("--runs", type=int, default=200)
    arguments = parser.parse_args()
    with _database(arguments.url) as url:
        upgrade(url)
        asyncio.run(_measure(url, arguments.runs))


if __name__ == "__main__":
    main()
