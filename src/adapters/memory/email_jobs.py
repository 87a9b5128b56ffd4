"""E-mail jobs in memory: the twin of the `email_jobs` table and its unique dedupe key.

No method awaits anything before it is done, so on one event loop each is atomic, as the
SQL store's single statements are; a claim therefore never hands a job to two senders.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from uuid import UUID

from todo_core.errors import Conflict, NotFound
from todo_core.ports.email_jobs import EmailJob, EmailJobQueue, EmailJobStatus, EmailJobStore
from todo_core.ports.mail_opt_outs import MailOptOuts

__all__ = ["EmailJobTable", "InMemoryEmailJobQueue", "InMemoryEmailJobStore", "InMemoryMailOptOuts"]


class EmailJobTable:
    """The committed jobs, by id, and the ids by dedupe key (the unique index); and the
    committed opt-outs (the `mail_opt_outs` table)."""

    def __init__(self) -> None:
        self.rows: dict[UUID, EmailJob] = {}
        self.by_key: dict[str, UUID] = {}
        self.opt_outs: dict[tuple[UUID, str], datetime] = {}

    def insert(self, job: EmailJob) -> None:
        if job.dedupe_key in self.by_key:
            return
        self.rows[job.id] = job
        self.by_key[job.dedupe_key] = job.id


class InMemoryEmailJobQueue(EmailJobQueue):
    """A unit of work's jobs: kept aside until it commits (`apply`)."""

    def __init__(self) -> None:
        self.added: list[EmailJob] = []

    async def add(self, job: EmailJob) -> None:
        self.added.append(job)

    def apply(self, table: EmailJobTable) -> None:
        for job in self.added:
            table.insert(job)
        self.added = []


class InMemoryEmailJobStore(EmailJobStore):
    def __init__(self, table: EmailJobTable) -> None:
        self._table = table

    async def claim(self, now: datetime, *, limit: int, lease: timedelta) -> list[EmailJob]:
        if limit < 1:
            raise ValueError("limit must be positive")
        due = sorted(
            (
                job
                for job in self._table.rows.values()
                if job.status is EmailJobStatus.PENDING and job.next_attempt_at <= now
            ),
            key=lambda job: (job.next_attempt_at, job.id),
        )[:limit]
        claimed = [
            dataclasses.replace(job, attempts=job.attempts + 1, next_attempt_at=now + lease)
            for job in due
        ]
        for job in claimed:
            self._table.rows[job.id] = job
        return claimed

    async def mark_sent(self, job: EmailJob, *, at: datetime, reply: str) -> bool:
        return self._record(job, status=EmailJobStatus.SENT, sent_at=at, last_reply=reply)

    async def defer(self, job: EmailJob, *, until: datetime, reply: str) -> bool:
        return self._record(job, next_attempt_at=until, last_reply=reply)

    async def fail(self, job: EmailJob, *, at: datetime, reply: str) -> bool:
        return self._record(job, status=EmailJobStatus.FAILED, next_attempt_at=at, last_reply=reply)

    async def jobs(
        self, *, status: EmailJobStatus | None = None, limit: int = 100
    ) -> list[EmailJob]:
        found = [job for job in self._table.rows.values() if status in (None, job.status)]
        found.sort(key=lambda job: (job.created_at, job.id), reverse=True)
        return found[:limit]

    async def requeue(self, job_id: UUID, *, at: datetime) -> EmailJob:
        job = self._table.rows.get(job_id)
        if job is None:
            raise NotFound(f"no e-mail job {job_id}")
        if job.status is not EmailJobStatus.FAILED:
            raise Conflict(f"e-mail job {job_id} is {job.status}, not failed")
        queued = dataclasses.replace(
            job, status=EmailJobStatus.PENDING, next_attempt_at=at, queued_at=at
        )
        self._table.rows[job_id] = queued
        return queued

    async def counts(self) -> dict[EmailJobStatus, int]:
        counts = dict.fromkeys(EmailJobStatus, 0)
        for job in self._table.rows.values():
            counts[job.status] += 1
        return counts

    def _record(self, job: EmailJob, **changes: object) -> bool:
        stored = self._table.rows.get(job.id)
        # The claim still holds: nobody claimed the job since, and nothing recorded its attempt.
        if (
            stored is None
            or stored.attempts != job.attempts
            or stored.status is not EmailJobStatus.PENDING
        ):
            return False
        self._table.rows[job.id] = dataclasses.replace(stored, **changes)  # type: ignore[arg-type]
        return True


class InMemoryMailOptOuts(MailOptOuts):
    """A unit of work's opt-outs over the committed ones; kept aside until it commits."""

    def __init__(self, committed: dict[tuple[UUID, str], datetime]) -> None:
        self._committed = committed
        self.added: dict[tuple[UUID, str], datetime] = {}

    async def opted_out(self, user_id: UUID, kind: str) -> bool:
        return (user_id, kind) in self.added or (user_id, kind) in self._committed

    async def opt_out(self, user_id: UUID, kind: str, *, at: datetime) -> None:
        if not await self.opted_out(user_id, kind):
            self.added[(user_id, kind)] = at

    def apply(self) -> None:
        for key, at in self.added.items():
            self._committed.setdefault(key, at)
        self.added = {}
