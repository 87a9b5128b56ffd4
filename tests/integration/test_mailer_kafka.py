"""The mailer's Kafka consumer on a real broker and PostgreSQL, then real SMTP: a reminder
delivered twice is one mail, and a poison event is set aside while the partition moves on."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import KafkaRecord, cloud_event_from_outbox, encode
from adapters.sqlalchemy import SqlAlchemyDeadLetterStore
from tests.support.event_handlers import EffectRecorder
from tests.support.kafka_consumers import consumer_for, produce, running, wait_until
from tests.support.mail_events import reminder_due
from tests.support.mail_jobs import (
    empty_job_table,
    job_for,
    mail_processor,
    sender_for,
    until_settled,
)
from tests.support.smtp_server import ScriptedSmtp
from todo_core.ports.event_publisher import OutboxMessage
from todo_core.use_cases.queue_email import MAILER, REMINDER_DUE


def _record(title: str, *, event_id: UUID | None = None) -> tuple[UUID, UUID, KafkaRecord]:
    """A due reminder as the relay produces it: its event id, todo id and record."""
    event = reminder_due(owner_id=uuid4(), title=title)
    if title == "":
        del event.data["title"]
    todo_id = UUID(event.data["todo_id"])
    message = OutboxMessage(
        id=event_id or uuid4(),
        aggregate_type="todo",
        aggregate_id=todo_id,
        event_type=REMINDER_DUE,
        event_version=1,
        occurred_at=datetime.now(UTC),
        payload=dict(event.data),
    )
    return message.id, todo_id, encode(cloud_event_from_outbox(message, source="/todo"))


async def test_a_reminder_delivered_twice_is_one_mail_and_poison_is_set_aside(
    kafka_bootstrap_servers: str,
    kafka_topic: str,
    migrated_postgres: AsyncEngine,
    scripted_smtp: ScriptedSmtp,
) -> None:
    engine = migrated_postgres
    await empty_job_table(engine)
    twice_id, _, twice = _record("dentist")
    poison_id, poison_todo, poison = _record("")
    after_id, _, after = _record("pay rent")
    await produce(kafka_bootstrap_servers, kafka_topic, [twice, poison, twice, after])
    consumer = consumer_for(
        kafka_bootstrap_servers,
        kafka_topic,
        engine,
        EffectRecorder(),
        process=mail_processor(engine),
    )
    assert consumer.group_id.endswith(MAILER)
    letters = SqlAlchemyDeadLetterStore(engine)

    async with running(consumer):
        await wait_until(lambda: consumer.counters.dead_lettered >= 1, what="poison set aside")
        await wait_until(lambda: consumer.counters.consumed >= 3, what="the other records")
    assert consumer.counters.duplicates == 1

    jobs = [await job_for(engine, event_id) for event_id in (twice_id, after_id, poison_id)]
    assert jobs[0] is not None
    assert jobs[1] is not None
    assert jobs[2] is None
    [letter] = [
        letter
        for letter in await letters.pending(consumer=MAILER, limit=1000)
        if letter.key == str(poison_todo).encode()
    ]
    assert letter.error.startswith("UnprocessableEvent:")

    send = sender_for(engine, scripted_smtp.host, scripted_smtp.port)
    for job in jobs[:2]:
        assert job is not None
        await until_settled(engine, send, job.id)
    subjects = sorted(mail["Subject"] for mail in scripted_smtp.messages())
    assert [s.split(" (")[0] for s in subjects] == ["Reminder: dentist", "Reminder: pay rent"]
