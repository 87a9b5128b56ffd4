"""E-mail to send, as jobs: written by event handlers, claimed and sent by the sender loop.

A handler never talks to a mail server: in the transaction of its inbox row it queues a job
(`uow.email_jobs.add`), whose dedupe key (event id, kind, recipient) makes a second job for the
same mail impossible. The sender claims due jobs for a lease, sends them, and records each
outcome; a job whose lease ran out (its sender died) is due again. Every record of an outcome
names the attempt it closes, so a sender that lost its claim records nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

__all__ = ["EmailJob", "EmailJobQueue", "EmailJobStatus", "EmailJobStore"]


class EmailJobStatus(StrEnum):
    # Waiting for its next attempt (or being sent, under a lease).
    PENDING = "pending"
    SENT = "sent"
    # Refused for good, or retried until it was too old: an operator may queue it again.
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailJob:
    id: UUID
    # "<event id>:<kind>:<recipient>": one job per mail, however often its event arrives.
    dedupe_key: str
    # Which mail: the template's name ("reminder", "digest", "welcome", ...).
    kind: str
    recipient: str
    # What the template needs, as JSON values, gathered when the event was handled.
    payload: Mapping[str, Any]
    status: EmailJobStatus
    # Attempts begun (claims); also the fence an outcome must name.
    attempts: int
    # When it is due: queued, retried after a backoff, or when a claim's lease runs out.
    next_attempt_at: datetime
    created_at: datetime
    # When it was last queued (created, or queued again by an operator): transient failures
    # are retried for a limited time after it.
    queued_at: datetime
    # The mail server's last reply (or why it could not be reached).
    last_reply: str | None = None
    sent_at: datetime | None = None


class EmailJobQueue(Protocol):
    """The jobs of a unit of work: committed with it, or not at all."""

    async def add(self, job: EmailJob) -> None:
        """Queue `job`, unless a job with its dedupe key exists (then nothing happens)."""
        ...


class EmailJobStore(Protocol):
    """The sender's and the operators' side: each call its own short transaction."""

    async def claim(self, now: datetime, *, limit: int, lease: timedelta) -> list[EmailJob]:
        """Up to `limit` pending jobs due at `now`, the soonest due ones (in no particular
        order), each with one more attempt
        and due again at `now + lease` (if its sender dies). Concurrent claims never return the
        same job (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite serialises writers)."""
        ...

    async def mark_sent(self, job: EmailJob, *, at: datetime, reply: str) -> bool:
        """Record `job` (as claimed) sent; False when its claim was lost meanwhile."""
        ...

    async def defer(self, job: EmailJob, *, until: datetime, reply: str) -> bool:
        """Record a transient failure of `job`'s attempt: due again at `until`."""
        ...

    async def fail(self, job: EmailJob, *, at: datetime, reply: str) -> bool:
        """Record that `job` failed for good."""
        ...

    async def jobs(
        self, *, status: EmailJobStatus | None = None, limit: int = 100
    ) -> list[EmailJob]:
        """The newest jobs first; only those in `status` when given."""
        ...

    async def requeue(self, job_id: UUID, *, at: datetime) -> EmailJob:
        """A failed job pending again, queued and due at `at`.

        `NotFound` for no such job; `Conflict` for one that has not failed."""
        ...

    async def counts(self) -> dict[EmailJobStatus, int]:
        """How many jobs are in each status."""
        ...
