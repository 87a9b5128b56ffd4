"""The SQL dead-letter store and inbox on real SQLite and PostgreSQL (one body each), and the
replay command's dry run and its refusal without a broker."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyDeadLetterStore, SqlAlchemyUnitOfWork, create_engine
from adapters.system import Uuid7IdGenerator
from entrypoints.cli import EXIT_UNAVAILABLE, main
from todo_core import Conflict, NotFound
from todo_core.ports.dead_letter_store import DeadLetter

IDS = Uuid7IdGenerator()
WHEN = datetime(2026, 11, 26, 5, 0, 0, 123456, tzinfo=UTC)


def _letter(consumer: str = "mailer", *, offset: int | None = 7, minutes: int = 0) -> DeadLetter:
    return DeadLetter(
        id=IDS.new_id(),
        consumer=consumer,
        topic=None if offset is None else "todo.todos.v1",
        partition=None if offset is None else 2,
        offset=offset,
        key=b"key",
        # Any bytes, in record order, names repeated: headers are a list, not a map.
        headers=(("ce_id", b"\xff\x00"), ("x", b""), ("x", b"again")),
        value=b"\x00\x01 not json",
        error="MalformedCloudEvent: headers are not UTF-8 text",
        attempts=1,
        first_failed_at=WHEN + timedelta(minutes=minutes),
        last_failed_at=WHEN + timedelta(minutes=minutes),
    )


async def test_a_letter_round_trips_byte_for_byte(engine: AsyncEngine) -> None:
    store = SqlAlchemyDeadLetterStore(engine)
    letter = _letter(consumer=f"c-{uuid4().hex[:8]}")

    await store.add(letter)

    assert await store.pending(consumer=letter.consumer) == [letter]


async def test_the_same_record_failing_again_updates_its_letter(engine: AsyncEngine) -> None:
    store = SqlAlchemyDeadLetterStore(engine)
    consumer = f"c-{uuid4().hex[:8]}"
    first = _letter(consumer)
    again = _letter(consumer, minutes=5)

    await store.add(first)
    await store.add(again)

    (stored,) = await store.pending(consumer=consumer)
    assert stored.id == first.id
    assert stored.attempts == 2
    assert (stored.first_failed_at, stored.last_failed_at) == (
        first.first_failed_at,
        again.last_failed_at,
    )


async def test_pending_is_oldest_first_per_consumer_until_replayed(engine: AsyncEngine) -> None:
    store = SqlAlchemyDeadLetterStore(engine)
    consumer = f"c-{uuid4().hex[:8]}"
    # In-process letters have no position: several of them never collide.
    newer, older, in_process = (
        _letter(consumer, offset=1, minutes=2),
        _letter(consumer, offset=2, minutes=1),
        _letter(consumer, offset=None, minutes=3),
    )
    for letter in (newer, older, in_process, _letter(consumer, offset=None, minutes=4)):
        await store.add(letter)
    await store.add(_letter(f"other-{consumer}"))

    assert [letter.id for letter in await store.pending(consumer=consumer, limit=3)] == [
        older.id,
        newer.id,
        in_process.id,
    ]
    await store.mark_replayed(older.id, at=WHEN)
    assert older.id not in {letter.id for letter in await store.pending(consumer=consumer)}
    with pytest.raises(NotFound):
        await store.mark_replayed(uuid4(), at=WHEN)


async def test_the_inbox_refuses_a_second_row_for_one_consumer_and_event(
    engine: AsyncEngine,
) -> None:
    event_id = uuid4()
    async with SqlAlchemyUnitOfWork(engine, ids=IDS) as uow:
        assert not await uow.inbox.contains("mailer", event_id)
        await uow.inbox.add("mailer", event_id, processed_at=WHEN)
        await uow.inbox.add("digest", event_id, processed_at=WHEN)
        await uow.commit()
    async with SqlAlchemyUnitOfWork(engine, ids=IDS) as uow:
        assert await uow.inbox.contains("mailer", event_id)
        with pytest.raises(Conflict):
            await uow.inbox.add("mailer", event_id, processed_at=WHEN)


async def test_the_inbox_checks_and_records_a_batch_in_one_go(engine: AsyncEngine) -> None:
    consumer = f"c-{uuid4().hex[:8]}"
    seen, first, second = uuid4(), uuid4(), uuid4()
    async with SqlAlchemyUnitOfWork(engine, ids=IDS) as uow:
        await uow.inbox.add(consumer, seen, processed_at=WHEN)
        await uow.commit()
    async with SqlAlchemyUnitOfWork(engine, ids=IDS) as uow:
        assert await uow.inbox.processed(consumer, [seen, first, second]) == {seen}
        assert await uow.inbox.processed(f"other-{consumer}", [seen]) == set()
        assert await uow.inbox.processed(consumer, []) == set()
        await uow.inbox.add_all(consumer, [first, second], processed_at=WHEN)
        await uow.commit()
    async with SqlAlchemyUnitOfWork(engine, ids=IDS) as uow:
        assert await uow.inbox.processed(consumer, [seen, first, second]) == {seen, first, second}
        with pytest.raises(Conflict):
            await uow.inbox.add_all(consumer, [uuid4(), second], processed_at=WHEN)


def test_the_replay_command_lists_on_a_dry_run_and_leaves_kafka_letters_without_a_broker(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    consumer = f"c-{uuid4().hex[:8]}"
    letter = _letter(consumer)

    asyncio.run(_add(database_url, letter))
    monkeypatch.setenv("TODO_DATABASE_URL", database_url)
    monkeypatch.delenv("TODO_KAFKA_BOOTSTRAP_SERVERS", raising=False)
    command = ["events", "replay-dead-letters", "--consumer", consumer]

    assert main([*command, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"would replay {letter.id} {consumer} todo.todos.v1[2]@7 attempts=1" in out

    assert main(command) == EXIT_UNAVAILABLE
    captured = capsys.readouterr()
    assert f"left {letter.id}" in captured.out
    assert "TODO_KAFKA_BOOTSTRAP_SERVERS" in captured.err
    assert asyncio.run(_pending(database_url, consumer)) == [letter]

    # A broker that cannot be reached: nothing replayed, nothing marked, a clear exit.
    monkeypatch.setenv("TODO_KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{_closed_port()}")
    assert main(command) == EXIT_UNAVAILABLE
    assert "Kafka brokers are unavailable" in capsys.readouterr().err
    assert asyncio.run(_pending(database_url, consumer)) == [letter]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _add(url: str, letter: DeadLetter) -> None:
    engine = create_engine(url)
    try:
        await SqlAlchemyDeadLetterStore(engine).add(letter)
    finally:
        await engine.dispose()


async def _pending(url: str, consumer: str) -> list[DeadLetter]:
    engine = create_engine(url)
    try:
        return await SqlAlchemyDeadLetterStore(engine).pending(consumer=consumer)
    finally:
        await engine.dispose()
