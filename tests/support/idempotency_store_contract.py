"""What every `IdempotencyStore` promises, as check functions run against each implementation:
the in-memory one in the unit tests, the SQL one on SQLite and PostgreSQL in the integration
tests. Each check makes its own owners and its own clock, so checks can share a database.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from tests.support.fakes import FixedClock
from todo_core.domain.ids import UserId
from todo_core.ports.clock import Clock
from todo_core.ports.idempotency_store import (
    CLAIM_TIMEOUT,
    IDEMPOTENCY_WINDOW,
    IdempotencyClaim,
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


async def _reserve(store: IdempotencyStore, owner: UserId, letter: str) -> IdempotencyClaim:
    claim = await store.reserve(owner, KEY, letter * 64)
    assert claim is not None
    return claim


async def claim_makes_a_record_in_progress(new_store: StoreFactory) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    assert await store.find(owner, KEY) is None

    claim = await store.reserve(owner, KEY, "f" * 64)

    assert claim == IdempotencyClaim(owner=owner, key=KEY, claimed_at=clock.now())
    record = await store.find(owner, KEY)
    assert record is not None
    assert (record.owner, record.key, record.fingerprint) == (owner, KEY, "f" * 64)
    assert record.in_progress
    assert record.response is None
    assert record.created_at == clock.now()
    assert record.expires_at == clock.now() + IDEMPOTENCY_WINDOW


async def a_live_key_cannot_be_claimed_again(new_store: StoreFactory) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    claim = await _reserve(store, owner, "a")
    assert await store.reserve(owner, KEY, "a" * 64) is None
    assert await store.reserve(owner, KEY, "b" * 64) is None
    await store.complete(claim, CREATED)
    # Completed records are never taken over before they expire, however old.
    clock.advance(IDEMPOTENCY_WINDOW - timedelta(seconds=1))
    assert await store.reserve(owner, KEY, "a" * 64) is None
    record = await store.find(owner, KEY)
    assert record is not None
    assert (record.fingerprint, record.response) == ("a" * 64, CREATED)


async def complete_keeps_the_response_to_replay(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    claim = await _reserve(store, owner, "a")
    await store.complete(claim, CREATED)

    record = await store.find(owner, KEY)
    assert record is not None
    assert not record.in_progress
    assert record.response == CREATED
    # A second completion (there is no claim any more) changes nothing.
    await store.complete(claim, StoredResponse(status=200, headers=(), body=b""))
    assert (await store.find(owner, KEY)) == record


async def release_frees_only_a_claim_in_progress(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    released = await _reserve(store, owner, "a")
    await store.release(released)
    assert await store.find(owner, KEY) is None
    # Completing a released claim stores nothing.
    await store.complete(released, CREATED)
    assert await store.find(owner, KEY) is None

    claim = await _reserve(store, owner, "b")
    await store.complete(claim, CREATED)
    await store.release(claim)
    record = await store.find(owner, KEY)
    assert record is not None
    assert record.response == CREATED


async def owners_keys_are_independent(new_store: StoreFactory) -> None:
    store, alice, bob = new_store(FixedClock()), _owner(), _owner()
    await store.complete(await _reserve(store, alice, "a"), CREATED)
    assert await store.find(bob, KEY) is None
    await store.release(await _reserve(store, bob, "b"))
    record = await store.find(alice, KEY)
    assert record is not None
    assert record.response == CREATED


async def keys_are_compared_exactly(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    longest = IdempotencyKey("k" * 255)
    assert await store.reserve(owner, longest, "a" * 64) is not None
    for other in ("K" * 255, "k" * 254, " " + "k" * 254):
        assert await store.reserve(owner, IdempotencyKey(other), "a" * 64) is not None, other
    assert await store.reserve(owner, longest, "a" * 64) is None


async def an_expired_record_is_gone_and_its_key_new(new_store: StoreFactory) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    await store.complete(await _reserve(store, owner, "a"), CREATED)

    clock.advance(IDEMPOTENCY_WINDOW - timedelta(microseconds=1))
    assert await store.find(owner, KEY) is not None
    clock.advance(timedelta(microseconds=1))
    assert await store.find(owner, KEY) is None

    claim = await _reserve(store, owner, "b")
    record = await store.find(owner, KEY)
    assert record is not None
    assert (record.fingerprint, record.response) == ("b" * 64, None)
    assert record.expires_at == clock.now() + IDEMPOTENCY_WINDOW
    await store.complete(claim, CREATED)
    assert await store.find(owner, KEY) == dataclasses.replace(record, response=CREATED)


async def a_claim_that_expired_is_not_completed(new_store: StoreFactory) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    claim = await _reserve(store, owner, "a")
    clock.advance(IDEMPOTENCY_WINDOW)
    await store.complete(claim, CREATED)
    assert await store.find(owner, KEY) is None


async def an_abandoned_claim_is_taken_over_by_the_same_request_only(
    new_store: StoreFactory,
) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    abandoned = await _reserve(store, owner, "a")
    clock.advance(CLAIM_TIMEOUT - timedelta(microseconds=1))
    assert await store.reserve(owner, KEY, "a" * 64) is None
    clock.advance(timedelta(microseconds=1))
    # Another request never takes the key: that is the client's mistake, not a crash.
    assert await store.reserve(owner, KEY, "b" * 64) is None

    retry = await _reserve(store, owner, "a")
    assert retry.claimed_at == clock.now()
    # The abandoned request, should it finish after all, neither completes nor frees the key.
    await store.complete(abandoned, StoredResponse(status=200, headers=(), body=b"late"))
    await store.release(abandoned)
    record = await store.find(owner, KEY)
    assert record is not None
    assert (record.in_progress, record.created_at) == (True, clock.now())
    await store.complete(retry, CREATED)
    record = await store.find(owner, KEY)
    assert record is not None
    assert record.response == CREATED


async def concurrent_claims_have_one_winner(new_store: StoreFactory) -> None:
    store, owner = new_store(FixedClock()), _owner()
    claims = await asyncio.gather(*(store.reserve(owner, KEY, "a" * 64) for _ in range(3)))
    assert sum(claim is not None for claim in claims) == 1


async def concurrent_takeovers_of_an_expired_key_have_one_winner(
    new_store: StoreFactory,
) -> None:
    clock = FixedClock()
    store, owner = new_store(clock), _owner()
    await _reserve(store, owner, "a")
    clock.advance(IDEMPOTENCY_WINDOW)
    claims = await asyncio.gather(*(store.reserve(owner, KEY, "b" * 64) for _ in range(3)))
    assert sum(claim is not None for claim in claims) == 1


async def purge_deletes_expired_records_oldest_first_in_batches(
    new_store: StoreFactory,
) -> None:
    # An era of its own: no other check's records are expired at these instants.
    clock = FixedClock(datetime(2001, 1, 1, tzinfo=UTC))
    store, owner = new_store(clock), _owner()
    keys = [IdempotencyKey(f"key-{n}") for n in range(5)]
    for key in keys:
        assert await store.reserve(owner, key, "a" * 64) is not None
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
    an_abandoned_claim_is_taken_over_by_the_same_request_only,
    concurrent_claims_have_one_winner,
    concurrent_takeovers_of_an_expired_key_have_one_winner,
    purge_deletes_expired_records_oldest_first_in_batches,
)
