"""Helpers for the mail tests on real databases and a real SMTP server: a sender wired like the
container wires it (with quick retries), jobs queued through the mailer's own handler, and
waiting until a job has settled."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.jinja import JinjaEmailRenderer
from adapters.smtp import AiosmtplibMailer, SmtpOptions
from adapters.sqlalchemy import SqlAlchemyEmailJobStore, SqlAlchemyUnitOfWork
from adapters.sqlalchemy.tables import email_jobs
from adapters.system import SystemClock, Uuid7IdGenerator
from tests.support.mail_events import reminder_due
from todo_core.domain.event_catalogue import published_event_types
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus
from todo_core.ports.event_handler import InboundEvent
from todo_core.use_cases.process_event import ProcessEvent
from todo_core.use_cases.queue_email import QueueEmail
from todo_core.use_cases.send_due_email import RetrySchedule, SendDueEmail, SendingOptions

__all__ = [
    "QUICK_RETRIES",
    "SENDER",
    "empty_job_table",
    "job_for",
    "mail_processor",
    "queue_reminder",
    "sender_for",
    "until_settled",
]

SENDER = "todo@example.org"
QUICK_RETRIES = RetrySchedule(
    first_delay=timedelta(milliseconds=50),
    max_delay=timedelta(milliseconds=200),
    give_up_after=timedelta(minutes=5),
)
_IDS = Uuid7IdGenerator()


async def empty_job_table(engine: AsyncEngine) -> None:
    """The sender claims any due job: each test starts from an empty table."""
    async with engine.begin() as connection:
        await connection.execute(delete(email_jobs))


def sender_for(
    engine: AsyncEngine, host: str, port: int, *, lease: timedelta = timedelta(minutes=10)
) -> SendDueEmail:
    clock = SystemClock()
    return SendDueEmail(
        jobs=SqlAlchemyEmailJobStore(engine),
        renderer=JinjaEmailRenderer(public_url="http://127.0.0.1:8000"),
        mailer=AiosmtplibMailer(
            SmtpOptions(host=host, port=port, sender=SENDER, tls="none", timeout=5), clock=clock
        ),
        clock=clock,
        options=SendingOptions(retry=QUICK_RETRIES, lease=lease),
    )


def mail_processor(engine: AsyncEngine) -> ProcessEvent:
    clock = SystemClock()
    return ProcessEvent(
        handler=QueueEmail(ids=_IDS, clock=clock),
        uow=lambda: SqlAlchemyUnitOfWork(engine, ids=_IDS),
        clock=clock,
        known_types=published_event_types(),
    )


async def job_for(engine: AsyncEngine, event_id: UUID) -> EmailJob | None:
    jobs = await SqlAlchemyEmailJobStore(engine).jobs(limit=10_000)
    found = [job for job in jobs if job.dedupe_key.startswith(f"{event_id}:")]
    assert len(found) <= 1, found
    return found[0] if found else None


async def queue_reminder(
    engine: AsyncEngine, title: str = "dentist"
) -> tuple[InboundEvent, EmailJob]:
    event = reminder_due(owner_id=uuid4(), title=title, owner_email="ann@example.org")
    await mail_processor(engine)(event)
    job = await job_for(engine, event.id)
    assert job is not None
    return event, job


async def until_settled(
    engine: AsyncEngine, send: SendDueEmail, job_id: UUID, *, within_s: float = 20.0
) -> EmailJob:
    """Sends rounds until the job is sent or failed; its final state."""
    store = SqlAlchemyEmailJobStore(engine)
    async with asyncio.timeout(within_s):
        while True:
            await send()
            [job] = [j for j in await store.jobs(limit=10_000) if j.id == job_id]
            if job.status is not EmailJobStatus.PENDING:
                return job
            await asyncio.sleep(0.02)
