"""`todo mailer` and `todo mail` as operators run them, on PostgreSQL and SQLite, against a real
SMTP server: several mailers share the jobs without sending one twice; a mailer killed after
the server accepted a mail and before the job was marked costs one resend with the same
Message-ID; a refused mail is listed as failed and goes out once queued again."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from adapters.sqlalchemy import SqlAlchemyEmailJobStore, SqlAlchemyUnitOfWork, create_engine
from adapters.system import Uuid7IdGenerator
from tests.e2e.live_server import TODO, clean_environment, todo
from tests.support.email_job_store_contract import new_job
from tests.support.mail_events import reminder_payload
from tests.support.mail_jobs import QUICK_RETRIES, empty_job_table
from tests.support.smtp_server import ScriptedSmtp
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus

_IDS = Uuid7IdGenerator()
_WAIT_S = 60.0


def _env(database_url: str, smtp: ScriptedSmtp, **extra: str) -> dict[str, str]:
    return clean_environment() | {
        "TODO_DATABASE_URL": database_url,
        "TODO_SMTP_HOST": smtp.host,
        "TODO_SMTP_PORT": str(smtp.port),
        "TODO_SMTP_TLS": "none",
        "TODO_SMTP_FROM": "todo@example.org",
        "TODO_MAIL_POLL_INTERVAL": "0.05",
        "TODO_MAIL_RETRY_FIRST_DELAY": str(QUICK_RETRIES.first_delay.total_seconds()),
        "TODO_LOG_LEVEL": "warning",
        **extra,
    }


def _queue(database_url: str, count: int) -> list[EmailJob]:
    async def queue() -> list[EmailJob]:
        engine = create_engine(database_url)
        try:
            await empty_job_table(engine)
            now = datetime.now(UTC)
            jobs = [new_job(due=now, payload=reminder_payload()) for _ in range(count)]
            async with SqlAlchemyUnitOfWork(engine, ids=_IDS) as uow:
                for job in jobs:
                    await uow.email_jobs.add(job)
                await uow.commit()
            return jobs
        finally:
            await engine.dispose()

    return asyncio.run(queue())


def _jobs(database_url: str) -> list[EmailJob]:
    async def read() -> list[EmailJob]:
        engine = create_engine(database_url)
        try:
            return await SqlAlchemyEmailJobStore(engine).jobs(limit=10_000)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _wait_until_all_sent(database_url: str, count: int) -> list[EmailJob]:
    deadline = time.monotonic() + _WAIT_S
    while time.monotonic() < deadline:
        jobs = _jobs(database_url)
        if sum(job.status is EmailJobStatus.SENT for job in jobs) == count:
            return jobs
        time.sleep(0.1)
    raise AssertionError(f"not all {count} jobs were sent within {_WAIT_S} s")


@contextmanager
def _mailer(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with (
        log.open("wb") as output,
        subprocess.Popen(
            [str(TODO), "mailer"], env=env, stdout=output, stderr=subprocess.STDOUT
        ) as process,
    ):
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def test_two_mailers_send_each_of_200_jobs_exactly_once(
    migrated_postgres_url: str, scripted_smtp: ScriptedSmtp, tmp_path: Path
) -> None:
    jobs = _queue(migrated_postgres_url, 200)
    env = _env(migrated_postgres_url, scripted_smtp, TODO_MAIL_BATCH_SIZE="10")

    with _mailer(env, tmp_path / "a.log") as first, _mailer(env, tmp_path / "b.log") as second:
        _wait_until_all_sent(migrated_postgres_url, 200)
        first.send_signal(signal.SIGTERM)
        second.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0, (tmp_path / "a.log").read_text()
        assert second.wait(timeout=30) == 0, (tmp_path / "b.log").read_text()

    ids = [mail["Message-ID"] for mail in scripted_smtp.messages()]
    assert sorted(ids) == sorted(f"<{job.id}@example.org>" for job in jobs)
    assert all(job.attempts == 1 for job in _jobs(migrated_postgres_url))


def test_a_mailer_killed_after_the_server_accepted_resends_once_with_the_same_message_id(
    migrated_postgres_url: str, scripted_smtp: ScriptedSmtp, tmp_path: Path
) -> None:
    [job] = _queue(migrated_postgres_url, 1)
    env = _env(migrated_postgres_url, scripted_smtp, TODO_MAIL_LEASE="1")
    doomed: list[int] = []

    def kill_the_sender(_mail: object) -> None:
        # The server has the message; its sender dies before it hears the 250.
        if doomed:
            os.kill(doomed.pop(), signal.SIGKILL)

    scripted_smtp.on_accept = kill_the_sender
    with _mailer(env, tmp_path / "killed.log") as killed:
        doomed.append(killed.pid)
        assert killed.wait(timeout=_WAIT_S) == -signal.SIGKILL
    assert _jobs(migrated_postgres_url)[0].status is EmailJobStatus.PENDING

    with _mailer(env, tmp_path / "after.log"):
        [sent] = _wait_until_all_sent(migrated_postgres_url, 1)

    assert sent.attempts == 2
    assert [mail["Message-ID"] for mail in scripted_smtp.messages()] == [
        f"<{job.id}@example.org>"
    ] * 2


def test_a_refused_mail_is_listed_as_failed_and_sent_once_queued_again(
    migrated_sqlite_url: str, scripted_smtp: ScriptedSmtp, tmp_path: Path
) -> None:
    [job] = _queue(migrated_sqlite_url, 1)
    env = _env(migrated_sqlite_url, scripted_smtp)
    scripted_smtp.replies.append("550 5.7.1 relaying denied")

    with _mailer(env, tmp_path / "mailer.log"):
        deadline = time.monotonic() + _WAIT_S
        while _jobs(migrated_sqlite_url)[0].status is not EmailJobStatus.FAILED:
            assert time.monotonic() < deadline, "the job did not fail"
            time.sleep(0.05)
        listed = todo("mail", "jobs", "--status", "failed", cwd=tmp_path, env=env)
        assert listed.returncode == 0, listed.stderr
        [line] = listed.stdout.splitlines()
        assert line.startswith(f"{job.id}  failed")
        assert "attempts=1" in line
        assert line.endswith("reply=550 5.7.1 relaying denied")
        assert scripted_smtp.messages() == []

        retried = todo("mail", "retry", str(job.id), cwd=tmp_path, env=env)
        assert retried.returncode == 0, retried.stderr
        _wait_until_all_sent(migrated_sqlite_url, 1)

    assert len(scripted_smtp.messages()) == 1
    assert todo("mail", "jobs", "--status", "failed", cwd=tmp_path, env=env).stdout == ""
    again = todo("mail", "retry", str(job.id), cwd=tmp_path, env=env)
    assert again.returncode == 65
    assert "is sent, not failed" in again.stderr
    unknown = todo("mail", "retry", str(uuid4()), cwd=tmp_path, env=env)
    assert (unknown.returncode, "no e-mail job" in unknown.stderr) == (65, True)
