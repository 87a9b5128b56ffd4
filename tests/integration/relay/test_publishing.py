"""The relay against real PostgreSQL and real Kafka: what a committed change puts on the wire,
and that nothing else ever gets there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import jsonschema  # type: ignore[import-untyped]
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import EventTopics
from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from adapters.sqlalchemy.tables import outbox
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.container import Container
from tests.integration.relay.records import topics_reader
from todo_core import Application, Ports
from todo_core.domain import UserId
from todo_core.use_cases import CreateTodoCommand

CONTRACTS = Path(__file__).resolve().parents[3] / "docs" / "contracts" / "events"


def _schema(event_type: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((CONTRACTS / f"{event_type}.schema.json").read_text())
    return schema


async def test_a_created_todo_is_one_cloudevent_on_the_todos_topic(
    relay_container: Container, kafka_bootstrap_servers: str, event_topics: EventTopics
) -> None:
    owner = UserId(uuid4())
    todo = await relay_container.application().create_todo(
        CreateTodoCommand(actor=owner, title="buy milk")
    )

    outcome = await relay_container.relay().relay_batch()

    # The todo, and the owner's Inbox list made for it on the way.
    assert (outcome.claimed, outcome.published, outcome.failed) == (2, 2, 0)
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=2)
    on_todos = [r for r in records if r.topic == event_topics.topic_for("todo.todo.created.v1")]
    assert len(on_todos) == 1
    assert len(records) == 2
    (record,) = on_todos
    assert record.key == str(todo.id).encode()
    assert record.headers["ce_specversion"] == b"1.0"
    assert record.headers["ce_type"] == b"todo.todo.created.v1"
    assert record.headers["ce_source"] == b"/todo-service"
    assert record.headers["ce_subject"] == str(todo.id).encode()
    assert record.headers["content-type"] == b"application/json"
    assert UUID(record.headers["ce_id"].decode()) == record.event.id
    assert record.event.time.tzinfo is not None
    data = record.event.data
    jsonschema.validate(data, _schema("todo.todo.created.v1"))
    assert data["todo_id"] == str(todo.id)
    assert data["owner_id"] == str(owner)
    assert data["title"] == "buy milk"
    assert data["list_id"] == str(todo.list_id)
    (inbox,) = [r for r in records if r is not record]
    assert inbox.headers["ce_type"] == b"todo.list.created.v1"
    assert inbox.topic == event_topics.topic_for("todo.list.created.v1")
    jsonschema.validate(inbox.event.data, _schema("todo.list.created.v1"))
    # Marked published, in the transaction that claimed them: nothing is left to relay.
    lag = await relay_container.outbox().lag()
    assert lag.unpublished == 0
    assert (await relay_container.relay().relay_batch()).claimed == 0


class _CrashAtCommit(RuntimeError):
    pass


async def test_a_rolled_back_transaction_publishes_nothing_ever(
    relay_container: Container,
    relay_database_url: str,
    relay_engine: AsyncEngine,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
) -> None:
    doomed_engine = create_engine(relay_database_url)
    written: list[int] = []

    @event.listens_for(doomed_engine.sync_engine, "commit")
    def crash(connection: Connection) -> None:
        # The outbox rows are in the transaction by now; the commit is what never happens.
        written.append(connection.exec_driver_sql("SELECT count(*) FROM outbox").scalar_one())
        raise _CrashAtCommit

    ids = Uuid7IdGenerator()
    doomed = Application(
        Ports(
            uow=lambda: SqlAlchemyUnitOfWork(doomed_engine, ids=ids), clock=SystemClock(), ids=ids
        )
    )
    owner = UserId(uuid4())
    try:
        with pytest.raises(_CrashAtCommit):
            await doomed.create_todo(CreateTodoCommand(actor=owner, title="never happened"))
    finally:
        await doomed_engine.dispose()
    assert written == [2]  # the Inbox's event and the todo's

    marker = await relay_container.application().create_todo(
        CreateTodoCommand(actor=owner, title="this one did")
    )
    assert (await relay_container.relay().relay_batch()).published == 2
    assert (await relay_container.relay().relay_batch()).claimed == 0

    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=2, settle_ms=1000)
    titles = [r.event.data.get("title") for r in records]
    assert "never happened" not in titles
    assert titles.count("this one did") == 1
    assert {r.event.subject for r in records} == {str(marker.id), str(marker.list_id)}
    async with relay_engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(outbox)) == 2
