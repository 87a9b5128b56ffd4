"""What every e-mail job store promises (and the unit of work's queue and opt-outs beside it),
as checks run against each implementation: in memory in the unit tests, on SQLite and
PostgreSQL in the integration tests. Each check gets an empty table.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from todo_core.errors import Conflict, NotFound
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus, EmailJobStore
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["CHECKS", "Check", "JobStorage", "new_job"]

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class JobStorage:
    store: EmailJobStore
    uow: UnitOfWorkFactory


Check = Callable[[JobStorage], Awaitable[None]]


def new_job(
    *,
    key: str | None = None,
    due: datetime = NOW,
    kind: str = "reminder",
    payload: dict[str, Any] | None = None,
) -> EmailJob:
    return EmailJob(
        id=uuid4(),
        dedupe_key=key or f"{uuid4()}:{kind}:ann@example.org",
        kind=kind,
        recipient="ann@example.org",
        payload=payload
        if payload is not None
        else {"title": "buy <milk>", "lines": [{"n": 1}], "late": False, "list_name": None},
        status=EmailJobStatus.PENDING,
        attempts=0,
        next_attempt_at=due,
        created_at=due,
        queued_at=due,
    )


async def _queue(storage: JobStorage, *jobs: EmailJob) -> None:
    async with storage.uow() as uow:
        for job in jobs:
            await uow.email_jobs.add(job)
        await uow.commit()


async def a_queued_job_is_claimed_once_with_its_payload(storage: JobStorage) -> None:
    job = new_job()
    await _queue(storage, job)

    claimed = await storage.store.claim(NOW, limit=10, lease=LEASE)

    assert [c.id for c in claimed] == [job.id]
    assert claimed[0].payload == job.payload
    assert (claimed[0].attempts, claimed[0].next_attempt_at) == (1, NOW + LEASE)
    assert await storage.store.claim(NOW, limit=10, lease=LEASE) == []


async def one_dedupe_key_makes_one_job(storage: JobStorage) -> None:
    first, again = (
        new_job(key="e1:reminder:ann@example.org"),
        new_job(key="e1:reminder:ann@example.org"),
    )
    await _queue(storage, first)
    await _queue(storage, again)

    assert [job.id for job in await storage.store.jobs()] == [first.id]


async def a_unit_rolled_back_queues_nothing(storage: JobStorage) -> None:
    async with storage.uow() as uow:
        await uow.email_jobs.add(new_job())
    assert await storage.store.jobs() == []


async def jobs_not_yet_due_wait(storage: JobStorage) -> None:
    later = new_job(due=NOW + timedelta(minutes=1))
    await _queue(storage, later)
    assert await storage.store.claim(NOW, limit=10, lease=LEASE) == []
    assert len(await storage.store.claim(NOW + timedelta(minutes=1), limit=10, lease=LEASE)) == 1


async def claims_take_the_soonest_due_up_to_the_limit(storage: JobStorage) -> None:
    jobs = [new_job(due=NOW - timedelta(minutes=n)) for n in range(5)]
    await _queue(storage, *jobs)

    claimed = await storage.store.claim(NOW, limit=3, lease=LEASE)

    assert {job.id for job in claimed} == {jobs[4].id, jobs[3].id, jobs[2].id}


async def a_lapsed_lease_hands_the_job_over_and_fences_the_old_claim(storage: JobStorage) -> None:
    await _queue(storage, new_job())
    [stale] = await storage.store.claim(NOW, limit=1, lease=LEASE)

    [fresh] = await storage.store.claim(NOW + LEASE, limit=1, lease=LEASE)

    assert fresh.attempts == 2
    assert not await storage.store.mark_sent(stale, at=NOW + LEASE, reply="250 ok")
    assert await storage.store.mark_sent(fresh, at=NOW + LEASE, reply="250 ok")
    assert not await storage.store.mark_sent(fresh, at=NOW + LEASE, reply="250 ok")
    [sent] = await storage.store.jobs(status=EmailJobStatus.SENT)
    assert (sent.sent_at, sent.last_reply) == (NOW + LEASE, "250 ok")
    assert await storage.store.claim(NOW + 3 * LEASE, limit=1, lease=LEASE) == []


async def a_deferred_job_is_due_again_at_its_time(storage: JobStorage) -> None:
    await _queue(storage, new_job())
    [job] = await storage.store.claim(NOW, limit=1, lease=LEASE)
    retry_at = NOW + timedelta(seconds=30)

    assert await storage.store.defer(job, until=retry_at, reply="421 busy")

    assert await storage.store.claim(retry_at - timedelta(seconds=1), limit=1, lease=LEASE) == []
    [again] = await storage.store.claim(retry_at, limit=1, lease=LEASE)
    assert (again.attempts, again.last_reply) == (2, "421 busy")


async def a_failed_job_keeps_its_reply_until_requeued(storage: JobStorage) -> None:
    await _queue(storage, new_job())
    [job] = await storage.store.claim(NOW, limit=1, lease=LEASE)
    assert await storage.store.fail(job, at=NOW, reply="550 no such user")

    [failed] = await storage.store.jobs(status=EmailJobStatus.FAILED)
    assert (failed.id, failed.last_reply) == (job.id, "550 no such user")
    assert await storage.store.claim(NOW + timedelta(days=2), limit=1, lease=LEASE) == []

    later = NOW + timedelta(hours=1)
    requeued = await storage.store.requeue(job.id, at=later)
    assert (requeued.status, requeued.queued_at) == (EmailJobStatus.PENDING, later)
    [again] = await storage.store.claim(later, limit=1, lease=LEASE)
    assert again.id == job.id
    with pytest.raises(Conflict):
        await storage.store.requeue(job.id, at=later)
    with pytest.raises(NotFound):
        await storage.store.requeue(uuid4(), at=later)


async def counts_and_listings_follow_the_statuses(storage: JobStorage) -> None:
    jobs = [new_job(due=NOW - timedelta(seconds=n)) for n in range(3)]
    await _queue(storage, *jobs)
    claimed = await storage.store.claim(NOW, limit=2, lease=LEASE)
    await storage.store.mark_sent(claimed[0], at=NOW, reply="250")
    await storage.store.fail(claimed[1], at=NOW, reply="554")

    counts = await storage.store.counts()

    assert counts == {EmailJobStatus.PENDING: 1, EmailJobStatus.SENT: 1, EmailJobStatus.FAILED: 1}
    assert [job.id for job in await storage.store.jobs()] == [j.id for j in jobs]
    assert len(await storage.store.jobs(limit=2)) == 2


async def concurrent_claims_never_share_a_job(storage: JobStorage) -> None:
    jobs = [new_job(due=NOW - timedelta(milliseconds=n)) for n in range(30)]
    await _queue(storage, *jobs)

    rounds = await asyncio.gather(
        *(storage.store.claim(NOW, limit=4, lease=LEASE) for _ in range(10))
    )

    ids: list[UUID] = [job.id for claimed in rounds for job in claimed]
    assert len(ids) == len(set(ids)) == 30


async def an_opt_out_is_kept_once_and_only_when_committed(storage: JobStorage) -> None:
    user = uuid4()
    async with storage.uow() as uow:
        await uow.mail_opt_outs.opt_out(user, "digest", at=NOW)
    async with storage.uow() as uow:
        assert not await uow.mail_opt_outs.opted_out(user, "digest")
        await uow.mail_opt_outs.opt_out(user, "digest", at=NOW)
        assert await uow.mail_opt_outs.opted_out(user, "digest")
        await uow.commit()
    async with storage.uow() as uow:
        await uow.mail_opt_outs.opt_out(user, "digest", at=NOW + LEASE)
        await uow.commit()
    async with storage.uow() as uow:
        assert await uow.mail_opt_outs.opted_out(user, "digest")
        assert not await uow.mail_opt_outs.opted_out(user, "reminder")
        assert not await uow.mail_opt_outs.opted_out(uuid4(), "digest")


CHECKS: tuple[Check, ...] = (
    a_queued_job_is_claimed_once_with_its_payload,
    one_dedupe_key_makes_one_job,
    a_unit_rolled_back_queues_nothing,
    jobs_not_yet_due_wait,
    claims_take_the_soonest_due_up_to_the_limit,
    a_lapsed_lease_hands_the_job_over_and_fences_the_old_claim,
    a_deferred_job_is_due_again_at_its_time,
    a_failed_job_keeps_its_reply_until_requeued,
    counts_and_listings_follow_the_statuses,
    concurrent_claims_never_share_a_job,
    an_opt_out_is_kept_once_and_only_when_committed,
)
