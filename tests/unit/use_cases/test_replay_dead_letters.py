"""Replaying dead letters: each redelivered one is marked, the others stay pending."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from adapters.memory import InMemoryDeadLetterStore
from tests.support.fakes import FixedClock
from todo_core.ports.dead_letter_store import DeadLetter
from todo_core.use_cases.replay_dead_letters import ReplayDeadLetters

WHEN = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def _letter(number: int, *, consumer: str = "mailer", topic: str | None = "t") -> DeadLetter:
    return DeadLetter(
        id=UUID(int=number),
        consumer=consumer,
        topic=topic,
        partition=None if topic is None else 0,
        offset=None if topic is None else number,
        key=b"k",
        headers=(),
        value=b"{}",
        error="UnprocessableEvent: no",
        attempts=1,
        first_failed_at=WHEN + timedelta(seconds=number),
        last_failed_at=WHEN + timedelta(seconds=number),
    )


async def _stored(*letters: DeadLetter) -> InMemoryDeadLetterStore:
    store = InMemoryDeadLetterStore()
    for letter in letters:
        await store.add(letter)
    return store


async def test_letters_are_redelivered_oldest_first_then_marked() -> None:
    store = await _stored(_letter(2), _letter(1), _letter(3, consumer="digest"))
    delivered: list[UUID] = []

    async def redeliver(letter: DeadLetter) -> bool:
        # Not marked yet while it is being delivered: a crash here replays it again.
        assert store.letters[letter.id].replayed_at is None
        delivered.append(letter.id)
        return True

    clock = FixedClock()
    report = await ReplayDeadLetters(store=store, redeliver=redeliver, clock=clock)(
        consumer="mailer"
    )

    assert delivered == [UUID(int=1), UUID(int=2)]
    assert [letter.id for letter in report.replayed] == delivered
    assert report.left == ()
    assert [letter.id for letter in await store.pending()] == [UUID(int=3)]
    assert store.letters[UUID(int=1)].replayed_at == clock.now()


async def test_a_dry_run_delivers_nothing_and_marks_nothing() -> None:
    store = await _stored(_letter(1), _letter(2))

    async def redeliver(letter: DeadLetter) -> bool:
        raise AssertionError("a dry run delivers nothing")

    report = await ReplayDeadLetters(store=store, redeliver=redeliver, clock=FixedClock())(
        limit=1, dry_run=True
    )

    assert [letter.id for letter in report.left] == [UUID(int=1)]
    assert len(await store.pending()) == 2


async def test_letters_that_cannot_be_delivered_from_here_stay_pending() -> None:
    store = await _stored(_letter(1, topic=None), _letter(2))

    async def redeliver(letter: DeadLetter) -> bool:
        return letter.topic is not None

    report = await ReplayDeadLetters(store=store, redeliver=redeliver, clock=FixedClock())()

    assert [letter.id for letter in report.left] == [UUID(int=1)]
    assert [letter.id for letter in await store.pending()] == [UUID(int=1)]


async def test_the_same_record_failing_again_updates_its_letter_in_memory() -> None:
    store = await _stored(_letter(1))
    # The same record (consumer, topic, partition, offset), delivered again after a crash.
    again = dataclasses.replace(
        _letter(1), id=UUID(int=9), last_failed_at=WHEN + timedelta(minutes=9)
    )

    await store.add(again)

    (stored,) = await store.pending()
    assert (stored.id, stored.attempts, stored.last_failed_at) == (
        UUID(int=1),
        2,
        again.last_failed_at,
    )


async def test_the_limit_must_be_positive() -> None:
    replay = ReplayDeadLetters(
        store=InMemoryDeadLetterStore(), redeliver=_never, clock=FixedClock()
    )
    with pytest.raises(ValueError, match="positive"):
        await replay(limit=0)


async def _never(letter: DeadLetter) -> bool:
    raise AssertionError("nothing to deliver")
