"""Mail through a real SMTP server (aiosmtpd) from jobs on real SQLite and PostgreSQL: what
reached the server when it is busy, refuses, or is down for a while."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.mail_jobs import (
    SENDER,
    empty_job_table,
    mail_processor,
    queue_reminder,
    sender_for,
    until_settled,
)
from tests.support.smtp_server import ScriptedSmtp, SmtpEndpoint
from todo_core.ports.email_jobs import EmailJobStatus


async def test_a_reminder_reaches_the_smtp_server_as_a_readable_mail(
    engine: AsyncEngine, smtp_endpoint: SmtpEndpoint
) -> None:
    await empty_job_table(engine)
    _, job = await queue_reminder(engine, title="call <Bob>")

    sent = await until_settled(
        engine, sender_for(engine, smtp_endpoint.host, smtp_endpoint.port), job.id
    )

    assert (sent.status, sent.attempts) == (EmailJobStatus.SENT, 1)
    if smtp_endpoint.server is None:
        return
    [mail] = smtp_endpoint.server.messages()
    assert mail["To"] == "ann@example.org"
    assert mail["From"] == f"todo <{SENDER}>"
    assert mail["Subject"].startswith("Reminder: call <Bob>")
    assert mail["Message-ID"] == f"<{job.id}@example.org>"
    text = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    assert text is not None
    assert "call <Bob>" in text.get_content()
    assert html is not None
    assert "call &lt;Bob&gt;" in html.get_content()


async def test_a_server_answering_421_twice_then_accepting_gets_one_mail(
    engine: AsyncEngine, scripted_smtp: ScriptedSmtp
) -> None:
    await empty_job_table(engine)
    scripted_smtp.replies.extend(["421 4.3.2 busy, try later"] * 2)
    _, job = await queue_reminder(engine)

    sent = await until_settled(
        engine, sender_for(engine, scripted_smtp.host, scripted_smtp.port), job.id
    )

    assert (sent.status, sent.attempts) == (EmailJobStatus.SENT, 3)
    assert [m["Message-ID"] for m in scripted_smtp.messages()] == [f"<{job.id}@example.org>"]


async def test_a_550_fails_the_job_at_once_with_the_server_s_reply(
    engine: AsyncEngine, scripted_smtp: ScriptedSmtp
) -> None:
    await empty_job_table(engine)
    scripted_smtp.replies.append("550 5.1.1 mailbox unavailable")
    _, job = await queue_reminder(engine)

    failed = await until_settled(
        engine, sender_for(engine, scripted_smtp.host, scripted_smtp.port), job.id
    )

    assert (failed.status, failed.attempts) == (EmailJobStatus.FAILED, 1)
    assert failed.last_reply == "550 5.1.1 mailbox unavailable"
    assert scripted_smtp.messages() == []


async def test_a_server_down_for_a_while_gets_the_mail_once_it_is_back(
    engine: AsyncEngine, scripted_smtp: ScriptedSmtp
) -> None:
    await empty_job_table(engine)
    scripted_smtp.stop()
    send = sender_for(engine, scripted_smtp.host, scripted_smtp.port)
    _, job = await queue_reminder(engine)
    store_rounds = 0
    while store_rounds < 3:
        outcome = await send()
        store_rounds += outcome.retried
        await asyncio.sleep(0.05)

    scripted_smtp.start()
    sent = await until_settled(engine, send, job.id)

    assert sent.status is EmailJobStatus.SENT
    assert sent.attempts >= 4
    assert len(scripted_smtp.messages()) == 1


async def test_the_same_event_handled_twice_is_one_mail(
    engine: AsyncEngine, scripted_smtp: ScriptedSmtp
) -> None:
    await empty_job_table(engine)
    event, job = await queue_reminder(engine)
    await mail_processor(engine)(event)

    await until_settled(engine, sender_for(engine, scripted_smtp.host, scripted_smtp.port), job.id)
    await sender_for(engine, scripted_smtp.host, scripted_smtp.port)()

    assert len(scripted_smtp.messages()) == 1
