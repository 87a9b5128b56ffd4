"""`todo relay` as a process runs it: woken by NOTIFY, stopped by SIGTERM; `todo kafka
init-topics`; and the embedded default's SQLite, where the relay just polls."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import EventTopics
from adapters.sqlalchemy import SqlAlchemyOutboxRelay
from adapters.system import SystemClock
from entrypoints.container import Container, build_container
from entrypoints.kafka_commands import init_topics
from entrypoints.relay_service import EXIT_CONFIG, run_relay
from entrypoints.settings import Settings
from tests.integration.relay.conftest import relay_settings
from tests.integration.relay.records import topics_reader, wait_until_drained
from todo_core.domain import UserId
from todo_core.use_cases import CreateTodoCommand


async def test_a_commit_wakes_the_relay_long_before_its_poll_and_sigterm_stops_it(
    relay_engine: AsyncEngine,
    relay_database_url: str,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
) -> None:
    settings = relay_settings(relay_database_url, kafka_bootstrap_servers, event_topics)
    # A poll so slow that only a notification can explain a prompt publication.
    container = build_container(settings.model_copy(update={"relay_poll_interval": 60.0}))
    relay = asyncio.create_task(run_relay(container))
    writer = build_container(settings)
    try:
        await asyncio.sleep(0.5)  # listening
        started = time.monotonic()
        await writer.application().create_todo(
            CreateTodoCommand(actor=UserId(uuid4()), title="wake up")
        )
        await wait_until_drained(writer.outbox().lag, within_s=10)
        assert time.monotonic() - started < 10
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(relay, 15) == 0
    finally:
        await writer.engine().dispose()
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=2)
    assert sorted(r.event.type for r in records) == ["todo.list.created.v1", "todo.todo.created.v1"]


async def test_without_kafka_the_relay_command_refuses_to_start(relay_database_url: str) -> None:
    container = build_container(Settings(database_url=relay_database_url))
    assert await run_relay(container) == EXIT_CONFIG


def test_init_topics_creates_the_topics_once_and_accepts_them_after(
    kafka_bootstrap_servers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = f"t{uuid4().hex[:10]}."
    settings = Settings(kafka_bootstrap_servers=kafka_bootstrap_servers, kafka_topic_prefix=prefix)
    names = sorted(spec.name for spec in EventTopics(prefix).specs())

    assert init_topics(settings, replication_factor=1) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"todo kafka init-topics: {name} created" for name in names
    ]
    assert init_topics(settings, replication_factor=1) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"todo kafka init-topics: {name} exists" for name in names
    ]
    # The broker reports refusals as error codes, not exceptions: they must not pass silently.
    refused = settings.model_copy(update={"kafka_topic_prefix": f"t{uuid4().hex[:10]}."})
    assert init_topics(refused, replication_factor=3) == 1
    assert "replication factor" in capsys.readouterr().err.lower()
    assert init_topics(Settings(), replication_factor=1) == 78


async def test_on_sqlite_the_relay_polls_and_publishes_in_order(
    migrated_sqlite_url: str, kafka_bootstrap_servers: str, event_topics: EventTopics
) -> None:
    url = migrated_sqlite_url
    container: Container = build_container(
        relay_settings(url, kafka_bootstrap_servers, event_topics)
    )
    app, owner = container.application(), UserId(uuid4())
    stop = asyncio.Event()
    relay = container.relay()
    running = asyncio.create_task(relay.run(stop))
    try:
        for n in range(3):
            await app.create_todo(CreateTodoCommand(actor=owner, title=f"t{n}"))
        await wait_until_drained(container.outbox().lag, within_s=20)
    finally:
        stop.set()
        await running
        publisher = container.kafka_publisher()
        assert publisher is not None
        await publisher.close()
        await container.engine().dispose()
    assert relay.published_total == 4
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=4)
    titles = [r.event.data["title"] for r in records if r.event.type == "todo.todo.created.v1"]
    assert sorted(titles) == ["t0", "t1", "t2"]


async def test_serve_runs_the_relay_to_kafka_beside_the_api_when_kafka_is_configured(
    relay_engine: AsyncEngine,
    relay_database_url: str,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
    tmp_path: Path,
) -> None:
    from entrypoints.http import create_app  # noqa: PLC0415
    from entrypoints.relay_service import relay_alongside  # noqa: PLC0415
    from tests.support.http_client import http_client  # noqa: PLC0415

    settings = relay_settings(relay_database_url, kafka_bootstrap_servers, event_topics)
    container = build_container(settings.model_copy(update={"key_directory": tmp_path}))
    token = container.token_service().issue_access_token(UserId(uuid4())).token
    app = create_app(container)
    relay_alongside(app, container)
    async with http_client(app) as client:
        created = await client.post(
            "/api/v1/todos", json={"title": "served"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert created.status_code == 201
        # The app runs on the test client's own loop: look at the outbox through another engine.
        observer = SqlAlchemyOutboxRelay(relay_engine, clock=SystemClock())
        await wait_until_drained(observer.lag, within_s=20)
    # Shut down in order: the relay stopped before the engine went.
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=2)
    assert [r.event.data["title"] for r in records if "title" in r.event.data] == ["served"]
