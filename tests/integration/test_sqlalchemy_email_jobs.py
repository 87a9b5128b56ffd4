"""The SQL e-mail job store and queue keep every promise of the port on real SQLite and
PostgreSQL: the same checks the in-memory twin passes, concurrent claims included."""

from __future__ import annotations

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyEmailJobStore, SqlAlchemyUnitOfWork
from adapters.sqlalchemy.tables import email_jobs
from adapters.system import Uuid7IdGenerator
from tests.support.email_job_store_contract import CHECKS, Check, JobStorage


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
async def test_sql_email_jobs(check: Check, engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(delete(email_jobs))
    ids = Uuid7IdGenerator()
    await check(
        JobStorage(SqlAlchemyEmailJobStore(engine), lambda: SqlAlchemyUnitOfWork(engine, ids=ids))
    )
