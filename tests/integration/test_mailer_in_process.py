"""`todo mailer`'s entry points run in this process (the subprocess tests prove the command;
these see its code): the loop sends a queued job to a real SMTP server and SIGTERM stops it,
and the operators' commands list and queue jobs, on real SQLite."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from adapters.system import Uuid7IdGenerator
from entrypoints.container import build_container
from entrypoints.mail_commands import list_jobs, retry_job
from entrypoints.mailer_service import run_mailer
from entrypoints.settings import Settings
from tests.support.email_job_store_contract import new_job
from tests.support.mail_events import reminder_payload
from tests.support.smtp_server import ScriptedSmtp
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus


def _settings(url: str, smtp: ScriptedSmtp) -> Settings:
    return Settings(
        database_url=url,
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        smtp_tls="none",
        smtp_from="todo@example.org",
        mail_poll_interval=0.05,
    )


async def _queue(url: str) -> EmailJob:
    engine = create_engine(url)
    try:
        job = new_job(due=datetime.now(UTC), payload=reminder_payload("water plants"))
        async with SqlAlchemyUnitOfWork(engine, ids=Uuid7IdGenerator()) as uow:
            await uow.email_jobs.add(job)
            await uow.commit()
        return job
    finally:
        await engine.dispose()


async def test_the_mailer_sends_queued_mail_and_stops_on_sigterm(
    migrated_sqlite_url: str, scripted_smtp: ScriptedSmtp
) -> None:
    job = await _queue(migrated_sqlite_url)
    container = build_container(_settings(migrated_sqlite_url, scripted_smtp))
    mailer = asyncio.create_task(run_mailer(container))
    async with asyncio.timeout(20):
        while not scripted_smtp.messages():  # noqa: ASYNC110 - an SMTP server signals nothing
            await asyncio.sleep(0.02)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(mailer, 15) == 0

    [mail] = scripted_smtp.messages()
    assert mail["Subject"] == "Reminder: water plants"
    assert mail["Message-ID"] == f"<{job.id}@example.org>"
    assert container.mail_sender().totals.sent == 1


async def test_operators_list_jobs_and_queue_failed_ones_again(
    migrated_sqlite_url: str, scripted_smtp: ScriptedSmtp, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _settings(migrated_sqlite_url, scripted_smtp)
    job = await _queue(migrated_sqlite_url)
    container = build_container(settings)
    try:
        [claimed] = await container.email_jobs().claim(
            container.clock().now(), limit=1, lease=timedelta(minutes=1)
        )
        await container.email_jobs().fail(claimed, at=container.clock().now(), reply="550 no")
    finally:
        await container.engine().dispose()

    assert await list_jobs(settings, status="failed", limit=10) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{job.id}  failed")
    assert line.endswith("reply=550 no")

    assert await retry_job(settings, str(job.id)) == 0
    assert "queued again" in capsys.readouterr().out
    assert await list_jobs(settings, status="failed", limit=10) == 0
    assert capsys.readouterr().out == ""
    assert await retry_job(settings, str(job.id)) == 65
    assert await retry_job(settings, str(uuid4())) == 65
    assert await retry_job(settings, "not-an-id") == 65
    assert "not a job id" in capsys.readouterr().err
    assert EmailJobStatus.PENDING.value in (await _status(settings))


async def _status(settings: Settings) -> list[str]:
    container = build_container(settings)
    try:
        return [job.status.value for job in await container.email_jobs().jobs()]
    finally:
        await container.engine().dispose()
