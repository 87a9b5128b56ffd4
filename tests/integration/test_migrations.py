"""One Alembic history that matches the models and runs both ways on both databases."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from adapters.sqlalchemy import create_engine
from entrypoints.migrate import alembic_config, downgrade, upgrade


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()
    return set(names)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_upgrade_downgrade_upgrade_round_trip(
    kind: str, empty_database: Callable[[str], str]
) -> None:
    url = empty_database(kind)

    upgrade(url)
    assert {
        "todos",
        "outbox",
        "idempotency_keys",
        "inbox",
        "dead_letters",
        "alembic_version",
    } <= asyncio.run(_tables(url))
    downgrade(url, "base")
    assert asyncio.run(_tables(url)) <= {"alembic_version"}
    upgrade(url)
    assert {"todos", "outbox"} <= asyncio.run(_tables(url))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_models_and_migrations_do_not_drift(
    kind: str, empty_database: Callable[[str], str]
) -> None:
    """`alembic check`: autogenerate finds nothing to add after upgrading to head."""
    url = empty_database(kind)
    upgrade(url)
    command.check(alembic_config(url))


def test_the_history_is_one_line_of_revisions() -> None:
    """Branches merged side by side must be chained, not left as two heads."""
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite:///:memory:"))
    assert script.get_heads() == ["0014"]
    line = [revision.revision for revision in script.walk_revisions("base", "heads")]
    assert line == ["0014", "0013", "0012", *(f"{n:04d}" for n in range(10, 0, -1))]
