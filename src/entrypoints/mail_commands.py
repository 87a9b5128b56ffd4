"""`todo mail jobs` and `todo mail retry`: what operators see of the mailer's jobs."""

from __future__ import annotations

import sys
from uuid import UUID

from entrypoints.container import build_container
from entrypoints.settings import Settings
from todo_core.errors import Conflict, NotFound, StorageUnavailable
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus

__all__ = ["describe", "list_jobs", "retry_job"]

# sysexits.h: EX_DATAERR (no such job, or not failed), EX_UNAVAILABLE.
_EXIT_DATAERR = 65
_EXIT_UNAVAILABLE = 69


def describe(job: EmailJob) -> str:
    """One line per job: id, status, kind, recipient, attempts, when, last reply."""
    when = job.sent_at if job.sent_at is not None else job.next_attempt_at
    reply = (job.last_reply or "-").replace("\n", " ")
    return (
        f"{job.id}  {job.status.value:<7}  {job.kind:<16}  {job.recipient}  "
        f"attempts={job.attempts}  {'sent' if job.sent_at else 'next'}={when.isoformat()}  "
        f"reply={reply}"
    )


async def list_jobs(settings: Settings, *, status: str | None, limit: int) -> int:
    container = build_container(settings)
    try:
        jobs = await container.email_jobs().jobs(
            status=None if status is None else EmailJobStatus(status), limit=limit
        )
    except StorageUnavailable as error:
        print(f"todo mail jobs: {error}", file=sys.stderr)  # noqa: T201
        return _EXIT_UNAVAILABLE
    finally:
        await container.engine().dispose()
    for job in jobs:
        print(describe(job))  # noqa: T201
    return 0


async def retry_job(settings: Settings, job_id: str) -> int:
    try:
        parsed = UUID(job_id)
    except ValueError:
        print(f"todo mail retry: not a job id: {job_id!r}", file=sys.stderr)  # noqa: T201
        return _EXIT_DATAERR
    container = build_container(settings)
    try:
        job = await container.email_jobs().requeue(parsed, at=container.clock().now())
    except (NotFound, Conflict) as error:
        print(f"todo mail retry: {error}", file=sys.stderr)  # noqa: T201
        return _EXIT_DATAERR
    except StorageUnavailable as error:
        print(f"todo mail retry: {error}", file=sys.stderr)  # noqa: T201
        return _EXIT_UNAVAILABLE
    finally:
        await container.engine().dispose()
    print(f"queued again: {describe(job)}")  # noqa: T201
    return 0
