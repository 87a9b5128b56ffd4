"""What every `IdempotencyStore` promises, as check functions run against each implementation:
the in-memory one in the unit tests, the SQL one on SQLite and PostgreSQL in the integration
tests. Each check makes its own owners and its own clock, so checks can share a database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from tests.support.fakes import FixedClock
from todo_core.domain.ids import UserId
from todo_core.ports.clock import Clock
from todo_core.ports.idempotency_store import (
    IDEMPOTENCY_WINDOW,
    IdempotencyKey,
    IdempotencyStore,
    StoredResponse,
)

__all__ = ["CHECKS", "Check", "StoreFactory"]

StoreFactory = Callable[[Clock], IdempotencyStore]
Check = Callable[[StoreFactory], Awaitable[None]]

KEY = IdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324")
CREATED = StoredResponse(
    status=201,
    headers=(("content-type", "application/json"), ("etag", '"1"'), ("location", "/x/1")),
    # Not UTF-8 on purpose: the body is kept byte for byte.
    body=b'{"title":"caf\xc3\xa9"}\xff',
)


def _owner() -> UserId:
    return UserId(uuid4())


async def claim_makes_a_record_in_progress(new_store: StoreFactory) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    assert await store.find(owner, KEY) is None

    assert await store.reserve(owner, KEY, "f" * 64)

    record = await store.find(owner, KEY)
    assert record is not None
    assert (record.owner, record.key, record.fingerprint) == (owner, KEY, "f" * 64)
    assert record.in_progress
    assert record.response is None
    assert record.created_at == clock.now()
    assert record.expires_at == clock.now() + IDEMPOTENCY_WINDOW


async def a_live_key_cannot_be_claimed_again(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    assert await store.reserve(owner, KEY, "a" * 64)
    assert not await store.reserve(owner, KEY, "a" * 64)
    assert not await store.reserve(owner, KEY, "b" * 64)
    await store.complete(owner, KEY, CREATED)
    assert not await store.reserve(owner, KEY, "a" * 64)
    record = await store.find(owner, KEY)
    assert record is not None
    assert record.fingerprint == "a" * 64


async def complete_keeps_the_response_to_replay(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    await store.reserve(owner, KEY, "a" * 64)
    await store.complete(owner, KEY, CREATED)

    record = await store.find(owner, KEY)
    assert record is not None
    assert not record.in_progress
    assert record.response == CREATED
    # A second completion (there is no claim any more) changes nothing.
    await store.complete(owner, KEY, StoredResponse(status=200, headers=(), body=b""))
    assert (await store.find(owner, KEY)) == record


async def release_frees_only_a_claim_in_progress(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    await store.reserve(owner, KEY, "a" * 64)
    await store.release(owner, KEY)
    assert await store.find(owner, KEY) is None
    # Completing a released claim stores nothing.
    await store.complete(owner, KEY, CREATED)
    assert await store.find(owner, KEY) is None

    assert await store.reserve(owner, KEY, "b" * 64)
    await store.complete(owner, KEY, CREATED)
    await store.release(owner, KEY)
    record = await store.find(owner, KEY)
    assert record is not None
    assert record.response == CREATED


async def owners_keys_are_independent(new_store: StoreFactory) -> None:
    store, alice, bob = new_store(FixedClock()), _owner(), _owner()
    assert await store.reserve(alice, KEY, "a" * 64)
    await store.complete(alice, KEY, CREATED)
    assert await store.find(bob, KEY) is None
    assert await store.reserve(bob, KEY, "b" * 64)
    await store.release(bob, KEY)
    record = await store.find(alice, KEY)
    assert record is not None
    assert record.response == CREATED


async def keys_are_compared_exactly(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    longest = IdempotencyKey("k" * 255)
    assert await store.reserve(owner, longest, "a" * 64)
    for other in ("K" * 255, "k" * 254, " " + "k" * 254):
        assert await store.reserve(owner, IdempotencyKey(other), "a" * 64), other
    assert not await store.reserve(owner, longest, "a" * 64)


async def an_expired_record_is_gone_and_its_key_new(new_store: StoreFactory) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    await store.reserve(owner, KEY, "a" * 64)
    await store.complete(owner, KEY, CREATED)

    clock.advance(IDEMPOTENCY_WINDOW - timedelta(microseconds=1))
    assert await store.find(owner, KEY) is not None
    clock.advance(timedelta(microseconds=1))
    assert await store.find(owner, KEY) is None

    assert await store.reserve(owner, KEY, "b" * 64)
    record = await store.find(owner, KEY)
    assert record is not None
    assert (record.fingerprint, record.response) == ("b" * 64, None)
    assert record.expires_at == clock.now() + IDEMPOTENCY_WINDOW


async def a_claim_that_expired_is_not_completed(new_store: StoreFactory) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    await store.reserve(owner, KEY, "a" * 64)
    clock.advance(IDEMPOTENCY_WINDOW)
    await store.complete(owner, KEY, CREATED)
    assert await store.find(owner, KEY) is None


async def concurrent_claims_have_one_winner(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    won = await asyncio.gather(*(store.reserve(owner, KEY, "a" * 64) for _ in range(5)))
    assert sorted(won) == [False] * 4 + [True]


async def concurrent_takeovers_of_an_expired_key_have_one_winner(
    new_store: StoreFactory,
) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    await store.reserve(owner, KEY, "a" * 64)
    clock.advance(IDEMPOTENCY_WINDOW)
    won = await asyncio.gather(*(store.reserve(owner, KEY, "b" * 64) for _ in range(5)))
    assert sorted(won) == [False] * 4 + [True]


async def purge_deletes_expired_records_oldest_first_in_batches(
    new_store: StoreFactory,
) -> None:
    # An era of its own: no other check's records are expired at these instants.
    clock = FixedClock(datetime(2001, 1, 1, tzinfo=UTC))
    store, owner = new_store(clock), _owner()
    keys = [IdempotencyKey(f"key-{n}") for n in range(5)]
    for key in keys:
        await store.reserve(owner, key, "a" * 64)
        clock.advance(timedelta(hours=1))
    # Now keys 0 and 1 have expired, 2 expires right now, 3 and 4 are live.
    clock.advance(IDEMPOTENCY_WINDOW - timedelta(hours=3))

    assert await store.purge_expired(limit=2) == 2
    assert [await store.find(owner, key) is None for key in keys] == [True] * 3 + [False] * 2
    clock.advance(-timedelta(hours=1))
    # Key 2 was not among the oldest two: it is live again an hour earlier.
    assert await store.find(owner, keys[2]) is not None
    clock.advance(timedelta(hours=1))
    assert await store.purge_expired(limit=10) == 1
    assert await store.purge_expired(limit=10) == 0
    clock.advance(-timedelta(hours=1))
    assert await store.find(owner, keys[2]) is None
    assert all([await store.find(owner, key) is not None for key in keys[3:]])


CHECKS: tuple[Check, ...] = (
    claim_makes_a_record_in_progress,
    a_live_key_cannot_be_claimed_again,
    complete_keeps_the_response_to_replay,
    release_frees_only_a_claim_in_progress,
    owners_keys_are_independent,
    keys_are_compared_exactly,
    an_expired_record_is_gone_and_its_key_new,
    a_claim_that_expired_is_not_completed,
    concurrent_claims_have_one_winner,
    concurrent_takeovers_of_an_expired_key_have_one_winner,
    purge_deletes_expired_records_oldest_first_in_batches,
)
