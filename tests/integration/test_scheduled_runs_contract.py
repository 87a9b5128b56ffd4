"""The scheduler's ledger keeps the same promises in memory, on SQLite and on PostgreSQL: a tick
is taken once, its outcome recorded, the latest one found, old ones purged but not the latest."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from adapters.memory import InMemoryScheduledRuns
from adapters.sqlalchemy import SqlAlchemyScheduledRuns, create_engine
from tests.support.databases import DATABASE_KINDS
from todo_core.ports.scheduled_runs import ScheduledRun, ScheduledRuns

SLOT = datetime(2026, 12, 8, 3, 17, tzinfo=UTC)
NOW = SLOT + timedelta(seconds=2)


@pytest.fixture(params=("memory", *DATABASE_KINDS))
def ledger_url(request: pytest.FixtureRequest, empty_database: object) -> str | None:
    if request.param == "memory":
        return None
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - a sync fixture, its own loop

    url: str = empty_database(request.param)  # type: ignore[operator]
    upgrade(url)
    return url


@pytest.fixture
async def ledger(ledger_url: str | None) -> AsyncIterator[ScheduledRuns]:
    if ledger_url is None:
        yield InMemoryScheduledRuns()
        return
    engine = create_engine(ledger_url)
    try:
        yield SqlAlchemyScheduledRuns(engine)
    finally:
        await engine.dispose()


def _job() -> str:
    return f"job-{uuid4().hex[:8]}"


async def test_a_tick_is_taken_once(ledger: ScheduledRuns) -> None:
    job = _job()
    assert await ledger.claim(job, SLOT, now=NOW) is True
    assert await ledger.claim(job, SLOT, now=NOW + timedelta(seconds=1)) is False
    # Another slot, or another job at the same slot, is another tick.
    assert await ledger.claim(job, SLOT + timedelta(days=1), now=NOW) is True
    assert await ledger.claim(_job(), SLOT, now=NOW) is True


async def test_concurrent_claims_of_one_tick_have_one_winner(ledger: ScheduledRuns) -> None:
    job = _job()
    wins = await asyncio.gather(*(ledger.claim(job, SLOT, now=NOW) for _ in range(8)))
    assert sorted(wins) == [False] * 7 + [True]


async def test_the_latest_tick_and_its_outcome(ledger: ScheduledRuns) -> None:
    job = _job()
    assert await ledger.latest(job) is None
    await ledger.claim(job, SLOT, now=NOW)
    await ledger.claim(job, SLOT + timedelta(days=1), now=NOW + timedelta(days=1))
    unfinished = await ledger.latest(job)
    await ledger.finish(
        job, SLOT + timedelta(days=1), now=NOW + timedelta(days=1, seconds=5), summary="trash=3"
    )

    assert unfinished == ScheduledRun(
        job=job,
        slot=SLOT + timedelta(days=1),
        started_at=NOW + timedelta(days=1),
        finished_at=None,
        summary=None,
    )
    assert await ledger.latest(job) == ScheduledRun(
        job=job,
        slot=SLOT + timedelta(days=1),
        started_at=NOW + timedelta(days=1),
        finished_at=NOW + timedelta(days=1, seconds=5),
        summary="trash=3",
    )


async def test_old_ticks_go_oldest_first_and_each_jobs_latest_stays(
    ledger: ScheduledRuns,
) -> None:
    hourly, nightly = _job(), _job()
    for hours in range(3):
        await ledger.claim(hourly, SLOT + timedelta(hours=hours), now=NOW)
    await ledger.claim(nightly, SLOT - timedelta(days=30), now=NOW)
    cutoff = SLOT + timedelta(days=1)

    assert await ledger.purge_before(cutoff, limit=1) == 1
    assert await ledger.purge_before(cutoff, limit=10) == 1
    assert await ledger.purge_before(cutoff, limit=10) == 0

    hourly_latest, nightly_latest = await ledger.latest(hourly), await ledger.latest(nightly)
    assert hourly_latest is not None
    assert nightly_latest is not None
    assert (hourly_latest.slot, nightly_latest.slot) == (
        SLOT + timedelta(hours=2),
        SLOT - timedelta(days=30),
    )
    assert await ledger.claim(hourly, SLOT, now=NOW) is True  # purged: free again


async def test_a_purge_needs_a_positive_limit(ledger: ScheduledRuns) -> None:
    with pytest.raises(ValueError, match="positive"):
        await ledger.purge_before(SLOT, limit=0)
