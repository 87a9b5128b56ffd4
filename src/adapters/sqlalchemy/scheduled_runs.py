"""The scheduler's ledger in the `scheduled_runs` table, each operation its own short transaction.

A claim is an INSERT that does nothing on a taken (job, slot): of several schedulers claiming
one tick, exactly one inserts the row, whichever database decides it (PostgreSQL's unique
index, SQLite's single writer).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import scheduled_runs
from todo_core.ports.scheduled_runs import ScheduledRun, ScheduledRuns

__all__ = ["SqlAlchemyScheduledRuns"]

_c = scheduled_runs.c


class SqlAlchemyScheduledRuns(ScheduledRuns):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._insert: Any = (
            postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
        )

    async def claim(self, job: str, slot: datetime, *, now: datetime) -> bool:
        statement = (
            self._insert(scheduled_runs)
            .values(job=job, slot=slot, started_at=now)
            .on_conflict_do_nothing(index_elements=[_c.job, _c.slot])
        )
        async with translate_driver_errors(), self._engine.begin() as connection:
            result = await connection.execute(statement)
        return int(result.rowcount) == 1

    async def finish(self, job: str, slot: datetime, *, now: datetime, summary: str) -> None:
        statement = (
            update(scheduled_runs)
            .where(_c.job == job, _c.slot == slot)
            .values(finished_at=now, summary=summary)
        )
        async with translate_driver_errors(), self._engine.begin() as connection:
            await connection.execute(statement)

    async def latest(self, job: str) -> ScheduledRun | None:
        statement = select(scheduled_runs).where(_c.job == job).order_by(_c.slot.desc()).limit(1)
        async with translate_driver_errors(), self._engine.connect() as connection:
            row = (await connection.execute(statement)).one_or_none()
        if row is None:
            return None
        return ScheduledRun(
            job=row.job,
            slot=row.slot,
            started_at=row.started_at,
            finished_at=row.finished_at,
            summary=row.summary,
        )

    async def purge_before(self, cutoff: datetime, *, limit: int) -> int:
        if limit < 1:
            raise ValueError("limit must be positive")
        newest = select(_c.job, func.max(_c.slot)).group_by(_c.job)
        oldest = (
            select(_c.job, _c.slot)
            .where(_c.slot < cutoff, tuple_(_c.job, _c.slot).not_in(newest))
            .order_by(_c.slot, _c.job)
            .limit(limit)
        )
        async with translate_driver_errors(), self._engine.begin() as connection:
            result = await connection.execute(
                delete(scheduled_runs).where(tuple_(_c.job, _c.slot).in_(oldest))
            )
        return int(result.rowcount)
