"""E-mail jobs in the `email_jobs` table: queued in a unit of work, claimed and recorded alone.

The claim is one UPDATE ... RETURNING over the due rows it picks: on PostgreSQL the pick locks
them with FOR UPDATE SKIP LOCKED, so concurrent senders take different jobs without waiting;
SQLite has one writer at a time, so a claim there waits for the other (busy timeout) and then
sees its rows no longer due. Every outcome is recorded only while the job is still pending at
the attempt the sender claimed: a sender whose lease ran out records nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import email_jobs, mail_opt_outs
from todo_core.errors import Conflict, NotFound
from todo_core.ports.email_jobs import EmailJob, EmailJobQueue, EmailJobStatus, EmailJobStore
from todo_core.ports.mail_opt_outs import MailOptOuts

__all__ = ["SqlAlchemyEmailJobQueue", "SqlAlchemyEmailJobStore", "SqlAlchemyMailOptOuts"]

_PENDING = EmailJobStatus.PENDING.value
_C = email_jobs.c


class SqlAlchemyEmailJobQueue(EmailJobQueue):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, job: EmailJob) -> None:
        # ON CONFLICT DO NOTHING on the dedupe key: a second job for one mail is no error, and
        # no concurrent transaction can insert the key in between, as a read first would allow.
        dialect = self._connection.dialect.name
        make = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = make(email_jobs).values(_to_row(job))
        async with translate_driver_errors():
            await self._connection.execute(
                statement.on_conflict_do_nothing(index_elements=[_C.dedupe_key])
            )


class SqlAlchemyMailOptOuts(MailOptOuts):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def opted_out(self, user_id: UUID, kind: str) -> bool:
        query = select(mail_opt_outs.c.kind).where(
            mail_opt_outs.c.user_id == user_id, mail_opt_outs.c.kind == kind
        )
        async with translate_driver_errors():
            return await self._connection.scalar(query) is not None

    async def opt_out(self, user_id: UUID, kind: str, *, at: datetime) -> None:
        make = postgresql_insert if self._connection.dialect.name == "postgresql" else sqlite_insert
        statement = make(mail_opt_outs).values(user_id=user_id, kind=kind, opted_out_at=at)
        async with translate_driver_errors():
            await self._connection.execute(statement.on_conflict_do_nothing())


class SqlAlchemyEmailJobStore(EmailJobStore):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def claim(self, now: datetime, *, limit: int, lease: timedelta) -> list[EmailJob]:
        if limit < 1:
            raise ValueError("limit must be positive")
        due = (_C.status == _PENDING) & (_C.next_attempt_at <= now)
        picked = (
            select(_C.id)
            .where(due)
            .order_by(_C.next_attempt_at, _C.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            # A CTE runs once. As a subquery of the UPDATE, PostgreSQL may run it again for
            # each row, each run locking further rows past the limit.
            .cte("picked")
        )
        # `due` again outside: a row another claim took since this statement's snapshot is
        # re-checked (PostgreSQL) when its lock is granted.
        claim = (
            update(email_jobs)
            .where(_C.id.in_(select(picked.c.id)), due)
            .values(attempts=_C.attempts + 1, next_attempt_at=now + lease)
            .returning(*email_jobs.c)
        )
        # A read first: an idle sender polls often, and on SQLite every UPDATE takes the one
        # write lock, even one that matches nothing, which the API's writes then wait for.
        async with translate_driver_errors(), self._engine.connect() as connection:
            anything_due = await connection.scalar(select(_C.id).where(due).limit(1))
        if anything_due is None:
            return []
        async with translate_driver_errors(), self._engine.begin() as connection:
            rows = (await connection.execute(claim)).mappings().all()
        return [_from_row(row) for row in rows]

    async def mark_sent(self, job: EmailJob, *, at: datetime, reply: str) -> bool:
        return await self._record(
            job, status=EmailJobStatus.SENT.value, sent_at=at, last_reply=reply
        )

    async def defer(self, job: EmailJob, *, until: datetime, reply: str) -> bool:
        return await self._record(job, next_attempt_at=until, last_reply=reply)

    async def fail(self, job: EmailJob, *, at: datetime, reply: str) -> bool:
        return await self._record(
            job, status=EmailJobStatus.FAILED.value, next_attempt_at=at, last_reply=reply
        )

    async def jobs(
        self, *, status: EmailJobStatus | None = None, limit: int = 100
    ) -> list[EmailJob]:
        query = select(email_jobs).order_by(_C.created_at.desc(), _C.id.desc()).limit(limit)
        if status is not None:
            query = query.where(_C.status == status.value)
        async with translate_driver_errors(), self._engine.connect() as connection:
            rows = (await connection.execute(query)).mappings().all()
        return [_from_row(row) for row in rows]

    async def requeue(self, job_id: UUID, *, at: datetime) -> EmailJob:
        async with translate_driver_errors(), self._engine.begin() as connection:
            row = (
                (
                    await connection.execute(
                        update(email_jobs)
                        .where(_C.id == job_id, _C.status == EmailJobStatus.FAILED.value)
                        .values(status=_PENDING, next_attempt_at=at, queued_at=at)
                        .returning(*email_jobs.c)
                    )
                )
                .mappings()
                .first()
            )
            if row is not None:
                return _from_row(row)
            status = await connection.scalar(select(_C.status).where(_C.id == job_id))
        if status is None:
            raise NotFound(f"no e-mail job {job_id}")
        raise Conflict(f"e-mail job {job_id} is {status}, not failed")

    async def counts(self) -> dict[EmailJobStatus, int]:
        query = select(_C.status, func.count()).group_by(_C.status)
        async with translate_driver_errors(), self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        counts = dict.fromkeys(EmailJobStatus, 0)
        for status, count in rows:
            counts[EmailJobStatus(status)] = int(count)
        return counts

    async def _record(self, job: EmailJob, **values: Any) -> bool:
        statement = (
            update(email_jobs)
            .where(_C.id == job.id, _C.attempts == job.attempts, _C.status == _PENDING)
            .values(**values)
        )
        async with translate_driver_errors(), self._engine.begin() as connection:
            result = await connection.execute(statement)
        return bool(result.rowcount == 1)


def _to_row(job: EmailJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "dedupe_key": job.dedupe_key,
        "kind": job.kind,
        "recipient": job.recipient,
        "payload": dict(job.payload),
        "status": job.status.value,
        "attempts": job.attempts,
        "next_attempt_at": job.next_attempt_at,
        "created_at": job.created_at,
        "queued_at": job.queued_at,
        "last_reply": job.last_reply,
        "sent_at": job.sent_at,
    }


def _from_row(row: Any) -> EmailJob:
    return EmailJob(
        id=row["id"],
        dedupe_key=row["dedupe_key"],
        kind=row["kind"],
        recipient=row["recipient"],
        payload=row["payload"],
        status=EmailJobStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
        queued_at=row["queued_at"],
        last_reply=row["last_reply"],
        sent_at=row["sent_at"],
    )
