"""The mail sender loop: an unreachable database is waited out, counts add up, stop stops, and
the readiness summary shows the jobs and, while the loop runs, its counts."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import pytest

from adapters.jinja import JinjaEmailRenderer
from adapters.memory import InMemoryEmailJobStore, InMemoryStore, InMemoryUnitOfWork
from entrypoints.mail_sender import MailSender, mail_summary
from tests.support.email_job_store_contract import new_job
from tests.support.fakes import FixedClock
from tests.support.mail_events import reminder_payload
from todo_core.errors import StorageUnavailable
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus
from todo_core.ports.mailer import EmailMessage
from todo_core.use_cases.send_due_email import SendDueEmail


class _FlakyJobs(InMemoryEmailJobStore):
    """The first claim finds the database down; so do the counts while `down` is set."""

    down_once = True
    down = False

    async def claim(self, now: datetime, *, limit: int, lease: timedelta) -> list[EmailJob]:
        if self.down_once:
            self.down_once = False
            raise StorageUnavailable("the database is unavailable")
        return await super().claim(now, limit=limit, lease=lease)

    async def counts(self) -> dict[EmailJobStatus, int]:
        if self.down:
            raise StorageUnavailable("the database is unavailable")
        return await super().counts()


class _Accepting:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


async def test_the_loop_waits_out_the_database_sends_and_stops(
    clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    store = InMemoryStore()
    jobs = _FlakyJobs(store.email_jobs)
    async with InMemoryUnitOfWork(store) as uow:
        await uow.email_jobs.add(new_job(due=clock.now(), payload=reminder_payload()))
        await uow.commit()
    server = _Accepting()
    send = SendDueEmail(
        jobs=jobs,
        renderer=JinjaEmailRenderer(public_url="http://127.0.0.1:8000"),
        mailer=server,
        clock=clock,
    )
    sender = MailSender(send, batch_size=10, poll_interval=0.01, report_interval=0.0)
    assert (await mail_summary(jobs, sender)) == {"pending": 1, "sent": 0, "failed": 0}
    caplog.set_level(logging.INFO, logger="todo.mailer")

    running = asyncio.create_task(sender.run())
    async with asyncio.timeout(5):
        while not server.sent:  # noqa: ASYNC110 - the fake server signals nothing
            await asyncio.sleep(0.01)
    assert (await mail_summary(jobs, sender))["sent_total"] == 1
    sender.stop()
    await asyncio.wait_for(running, 5)

    assert sender.totals.sent == 1
    assert not sender.running
    assert "mail sender: StorageUnavailable" in caplog.text
    assert "mail sent_total=1 retried_total=0 failed_total=0 lost_total=0" in caplog.text
    jobs.down = True
    assert await mail_summary(jobs, sender) == {"status": "unknown"}


def test_with_kafka_the_mailer_consumes_reminders_and_user_events_as_the_group_mailer() -> None:
    from entrypoints.container import build_container  # noqa: PLC0415
    from entrypoints.mailer_service import mailer_consumer  # noqa: PLC0415
    from entrypoints.settings import Settings  # noqa: PLC0415

    without = build_container(Settings(kafka_bootstrap_servers=None))
    assert mailer_consumer(without) is None
    settings = Settings(kafka_bootstrap_servers="127.0.0.1:9", kafka_topic_prefix="staging.")
    consumer = mailer_consumer(build_container(settings))
    assert consumer is not None
    assert consumer.group_id == "todo.mailer"
    assert consumer.topics == ("staging.todo.reminders.v1", "staging.todo.users.v1")
