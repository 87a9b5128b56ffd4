"""Send the e-mail jobs that are due: claim, render, send, record; one round per call.

A claim holds a job for a lease. The job's outcome is recorded after the server answered:

- accepted: sent;
- a transient failure (`DeliveryDeferred`: no connection, a timeout, a 4xx reply): due again
  after an exponential backoff with jitter, until `give_up_after` has passed since it was
  queued; then failed, keeping the last reply;
- refused (`DeliveryRefused`, a 5xx reply), or a job no template can render: failed at once,
  keeping the reply, for an operator to look at and queue again (`requeue`).

Anything else a mailer raises (a bug, a library's unforeseen error) counts as transient: the
job is tried again, not lost, and the other jobs of the round go on.

A sender that dies between the server's acceptance and the record leaves the job claimed; its
lease runs out and the job is sent once more, with the same Message-ID (derived from the job).
That one resend is the price of never losing a mail.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from todo_core.errors import DeliveryDeferred, DeliveryRefused, UnprocessableEvent
from todo_core.ports.clock import Clock
from todo_core.ports.email_jobs import EmailJob, EmailJobStore
from todo_core.ports.email_renderer import EmailRenderer
from todo_core.ports.mailer import Mailer

__all__ = ["RetrySchedule", "SendDueEmail", "SendOutcome", "SendingOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RetrySchedule:
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    give_up_after: timedelta = timedelta(days=1)

    def delay(self, attempt: int, jitter: float) -> timedelta:
        """The pause after failed attempt `attempt` (1, 2, ...): doubling from `first_delay`,
        at most `max_delay`, scaled into [1/2, 1] of that by `jitter` in [0, 1) so that jobs
        failing together (a server outage) do not all come back together."""
        base = min(self.max_delay, self.first_delay * (1 << min(attempt - 1, 32)))
        return base * (0.5 + jitter / 2)


@dataclass(frozen=True, slots=True, kw_only=True)
class SendingOptions:
    batch_size: int = 50
    # Sends in flight at once within a round.
    concurrency: int = 4
    # How long a claimed job is held before it counts as abandoned; far beyond a send's timeouts.
    lease: timedelta = timedelta(minutes=10)
    retry: RetrySchedule = field(default_factory=RetrySchedule)


@dataclass(slots=True)
class SendOutcome:
    claimed: int = 0
    sent: int = 0
    # Deferred to a later attempt.
    retried: int = 0
    failed: int = 0
    # Sent, or attempted, after the claim was lost (lease ran out): nothing recorded.
    lost: int = 0


class SendDueEmail:
    def __init__(  # noqa: PLR0913 - the ports it needs, and how it retries
        self,
        *,
        jobs: EmailJobStore,
        renderer: EmailRenderer,
        mailer: Mailer,
        clock: Clock,
        options: SendingOptions | None = None,
        jitter: Callable[[], float] = random.random,
        extra_headers: Callable[[EmailJob], tuple[tuple[str, str], ...]] | None = None,
    ) -> None:
        self._jobs = jobs
        self._renderer = renderer
        self._mailer = mailer
        self._clock = clock
        self._options = options if options is not None else SendingOptions()
        self._jitter = jitter
        # Headers a job's message gets beside its template's (List-Unsubscribe).
        self._extra_headers = extra_headers

    async def __call__(self) -> SendOutcome:
        """One round: the jobs due now, each sent and recorded."""
        options = self._options
        claimed = await self._jobs.claim(
            self._clock.now(), limit=options.batch_size, lease=options.lease
        )
        outcome = SendOutcome(claimed=len(claimed))
        slots = asyncio.Semaphore(options.concurrency)

        async def one(job: EmailJob) -> None:
            async with slots:
                await self._send(job, outcome)

        async with asyncio.TaskGroup() as group:
            for job in claimed:
                group.create_task(one(job))
        return outcome

    async def _send(self, job: EmailJob, outcome: SendOutcome) -> None:
        try:
            message = self._renderer.render(job, now=self._clock.now())
            if self._extra_headers is not None:
                extra = self._extra_headers(job)
                message = dataclasses.replace(message, headers=(*message.headers, *extra))
        except UnprocessableEvent as unrenderable:
            await self._fail(job, f"cannot render: {unrenderable}", outcome)
            return
        except Exception as error:  # a template's bug: this job fails, the others go on
            await self._fail(job, f"cannot render: {error!r}", outcome)
            return
        try:
            await self._mailer.send(message)
        except DeliveryRefused as refused:
            await self._fail(job, refused.reply, outcome)
        except DeliveryDeferred as deferred:
            await self._defer(job, deferred.reply, outcome)
        except Exception as error:  # unforeseen: tried again, never lost
            await self._defer(job, f"{type(error).__name__}: {error}", outcome)
        else:
            recorded = await self._jobs.mark_sent(job, at=self._clock.now(), reply="accepted")
            outcome.sent += recorded
            outcome.lost += not recorded

    async def _defer(self, job: EmailJob, reply: str, outcome: SendOutcome) -> None:
        retry = self._options.retry
        now = self._clock.now()
        until = now + retry.delay(job.attempts, self._jitter())
        if until > job.queued_at + retry.give_up_after:
            await self._fail(job, f"gave up after {job.attempts} attempts: {reply}", outcome)
            return
        recorded = await self._jobs.defer(job, until=until, reply=reply)
        outcome.retried += recorded
        outcome.lost += not recorded

    async def _fail(self, job: EmailJob, reply: str, outcome: SendOutcome) -> None:
        recorded = await self._jobs.fail(job, at=self._clock.now(), reply=reply)
        outcome.failed += recorded
        outcome.lost += not recorded
