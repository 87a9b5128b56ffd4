"""The sender: each due job is sent once and recorded; transient failures come back after a
growing, jittered pause for up to a day; refusals stop at once with the server's reply."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from adapters.jinja import JinjaEmailRenderer
from adapters.memory import InMemoryEmailJobStore, InMemoryStore, InMemoryUnitOfWork
from tests.support.email_job_store_contract import new_job
from tests.support.fakes import FixedClock
from tests.support.mail_events import reminder_payload
from todo_core.errors import DeliveryDeferred, DeliveryRefused
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus
from todo_core.ports.mailer import EmailMessage, Mailer
from todo_core.use_cases.send_due_email import (
    RetrySchedule,
    SendDueEmail,
    SendingOptions,
    SendOutcome,
)

RETRY = RetrySchedule(
    first_delay=timedelta(seconds=30), max_delay=timedelta(hours=1), give_up_after=timedelta(days=1)
)


@dataclass
class ScriptedServer(Mailer):
    """A mail server's answers in order (None accepts), then acceptance for good."""

    answers: deque[Exception | None] = field(default_factory=deque)
    accepted: list[EmailMessage] = field(default_factory=list)
    # Run while the message is with the server (other senders, the clock moving on).
    on_send: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def send(self, message: EmailMessage) -> None:
        while self.on_send:
            await self.on_send.pop(0)()
        answer = self.answers.popleft() if self.answers else None
        if answer is not None:
            raise answer
        self.accepted.append(message)


@dataclass
class Rig:
    clock: FixedClock
    jobs: InMemoryEmailJobStore
    server: ScriptedServer
    send: SendDueEmail
    store: InMemoryStore

    async def queue(self, kind: str = "reminder") -> EmailJob:
        job = new_job(due=self.clock.now(), kind=kind, payload=reminder_payload())
        async with InMemoryUnitOfWork(self.store) as uow:
            await uow.email_jobs.add(job)
            await uow.commit()
        return job

    async def only_job(self) -> EmailJob:
        [job] = await self.jobs.jobs()
        return job


@pytest.fixture
def rig(clock: FixedClock) -> Rig:
    store = InMemoryStore()
    jobs = InMemoryEmailJobStore(store.email_jobs)
    server = ScriptedServer()
    send = SendDueEmail(
        jobs=jobs,
        renderer=JinjaEmailRenderer(public_url="http://127.0.0.1:8000"),
        mailer=server,
        clock=clock,
        options=SendingOptions(retry=RETRY, lease=timedelta(minutes=10)),
        jitter=lambda: 1.0,
    )
    return Rig(clock, jobs, server, send, store)


async def test_a_due_job_is_sent_once_under_its_own_message_key(rig: Rig) -> None:
    job = await rig.queue()

    assert await rig.send() == SendOutcome(claimed=1, sent=1)
    assert await rig.send() == SendOutcome()

    [message] = rig.server.accepted
    assert (message.to, message.message_key) == (job.recipient, str(job.id))
    assert "dentist" in message.subject
    stored = await rig.only_job()
    assert (stored.status, stored.attempts, stored.sent_at) == (
        EmailJobStatus.SENT,
        1,
        rig.clock.now(),
    )


async def test_a_busy_server_is_tried_again_after_growing_pauses(rig: Rig) -> None:
    await rig.queue()
    rig.server.answers.extend([DeliveryDeferred("421 busy"), DeliveryDeferred("421 busy")])

    assert (await rig.send()).retried == 1
    assert (await rig.only_job()).next_attempt_at == rig.clock.now() + timedelta(seconds=30)
    rig.clock.advance(timedelta(seconds=29))
    assert (await rig.send()).claimed == 0
    rig.clock.advance(timedelta(seconds=1))
    assert (await rig.send()).retried == 1
    assert (await rig.only_job()).next_attempt_at == rig.clock.now() + timedelta(seconds=60)
    rig.clock.advance(timedelta(seconds=60))
    assert (await rig.send()).sent == 1

    assert len(rig.server.accepted) == 1
    stored = await rig.only_job()
    assert (stored.status, stored.attempts) == (EmailJobStatus.SENT, 3)


async def test_a_refusal_fails_the_job_at_once_keeping_the_reply_until_requeued(rig: Rig) -> None:
    job = await rig.queue()
    rig.server.answers.append(DeliveryRefused("550 5.1.1 no such user"))

    assert (await rig.send()).failed == 1
    rig.clock.advance(timedelta(days=2))
    assert (await rig.send()).claimed == 0
    failed = await rig.only_job()
    assert (failed.status, failed.last_reply) == (EmailJobStatus.FAILED, "550 5.1.1 no such user")

    await rig.jobs.requeue(job.id, at=rig.clock.now())
    assert (await rig.send()).sent == 1
    assert [m.message_key for m in rig.server.accepted] == [str(job.id)]


async def test_transient_failures_give_up_after_a_day(rig: Rig) -> None:
    await rig.queue()
    rig.server.answers.extend(DeliveryDeferred("Connection refused") for _ in range(100))
    attempts = 0
    while (await rig.only_job()).status is EmailJobStatus.PENDING:
        rig.clock.current = (await rig.only_job()).next_attempt_at
        await rig.send()
        attempts += 1

    failed = await rig.only_job()
    assert failed.last_reply is not None
    assert failed.last_reply.startswith(f"gave up after {attempts} attempts: Connection refused")
    assert failed.next_attempt_at - failed.queued_at <= timedelta(days=1)
    assert rig.server.accepted == []
    # Doubling from 30 s, capped at an hour: a day takes about thirty attempts, not thousands.
    assert 20 < attempts < 40


def test_jitter_spreads_each_pause_over_its_upper_half() -> None:
    assert RETRY.delay(1, 0.0) == timedelta(seconds=15)
    assert RETRY.delay(1, 1.0) == timedelta(seconds=30)
    assert RETRY.delay(3, 0.5) == timedelta(seconds=90)
    assert RETRY.delay(50, 1.0) == timedelta(hours=1)


async def test_a_job_no_template_can_render_fails_with_the_reason(rig: Rig) -> None:
    await rig.queue(kind="postcard")

    assert (await rig.send()).failed == 1
    failed = await rig.only_job()
    assert failed.last_reply is not None
    assert failed.last_reply.startswith("cannot render")
    assert rig.server.accepted == []


async def test_a_sender_whose_lease_ran_out_records_nothing(rig: Rig) -> None:
    await rig.queue()
    taken_over: list[EmailJob] = []

    async def another_sender_takes_over() -> None:
        rig.clock.advance(timedelta(minutes=11))
        taken_over.extend(
            await rig.jobs.claim(rig.clock.now(), limit=1, lease=timedelta(minutes=10))
        )

    rig.server.on_send.append(another_sender_takes_over)

    assert await rig.send() == SendOutcome(claimed=1, lost=1)
    [job] = taken_over
    assert (job.attempts, (await rig.only_job()).status) == (2, EmailJobStatus.PENDING)


class _BrokenRenderer:
    def render(self, job: EmailJob, *, now: datetime) -> EmailMessage:
        raise TypeError("object of type 'NoneType' has no len()")


async def test_a_template_bug_fails_its_job_and_an_unforeseen_error_is_retried(rig: Rig) -> None:
    await rig.queue()
    broken = SendDueEmail(
        jobs=rig.jobs, renderer=_BrokenRenderer(), mailer=rig.server, clock=rig.clock
    )
    assert (await broken()).failed == 1
    failed = await rig.only_job()
    assert failed.last_reply is not None
    assert failed.last_reply.startswith("cannot render: TypeError(")

    await rig.jobs.requeue(failed.id, at=rig.clock.now())
    rig.server.answers.append(RuntimeError("the library tripped"))
    assert (await rig.send()).retried == 1
    assert (await rig.only_job()).last_reply == "RuntimeError: the library tripped"
