"""The idempotency middleware around routes that count their calls, on the in-memory store: what
is kept and replayed, and what happens when the route or the store fails."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar, Request, Response, post
from litestar.params import JSONBody

from adapters.memory import InMemoryIdempotencyStore
from entrypoints.http.idempotency import IdempotencyMiddleware
from entrypoints.http.problem_details import problem_details_plugin
from tests.support.fakes import FixedClock
from tests.support.http_client import Client, http_client
from todo_core.domain.ids import UserId
from todo_core.errors import StorageUnavailable, Unauthorized
from todo_core.ports.idempotency_store import CLAIM_TIMEOUT, IdempotencyClaim, StoredResponse

USER = {"X-User": "00000000-0000-4000-8000-00000000a11c"}
KEYED = USER | {"Idempotency-Key": "k"}


async def _identify(request: Request[Any, Any, Any]) -> UserId:
    raw = request.headers.get("X-User")
    if raw is None:
        raise Unauthorized("who are you?")
    return UserId(UUID(raw))


@dataclass
class Calls:
    count: int = 0


class FailingCompletion(InMemoryIdempotencyStore):
    """The database went away between the route's effect and storing its response."""

    async def complete(self, claim: IdempotencyClaim, response: StoredResponse) -> None:
        raise StorageUnavailable("the database is unavailable")


class FailingRelease(InMemoryIdempotencyStore):
    """The database went away while the route was failing."""

    async def release(self, claim: IdempotencyClaim) -> None:
        raise StorageUnavailable("the database is unavailable")


def _app(store: InMemoryIdempotencyStore, calls: Calls) -> Litestar:
    @post("/api/v1/things", status_code=201)
    async def create(data: JSONBody[dict[str, Any]]) -> Response[dict[str, Any]]:
        calls.count += 1
        return Response(
            {"n": calls.count} | data,
            status_code=201,
            headers={"ETag": f'"{calls.count}"', "X-Request-Only": str(calls.count)},
        )

    @post("/api/v1/broken")
    async def broken() -> None:
        calls.count += 1
        raise RuntimeError("a bug")

    @post("/elsewhere", status_code=200)
    async def elsewhere() -> int:
        calls.count += 1
        return calls.count

    return Litestar(
        route_handlers=[create, broken, elsewhere],
        plugins=[problem_details_plugin()],
        request_max_body_size=16 * 1024,
        # Litestar's own logging setup would take the root logger from pytest's log capture.
        logging_config=None,
        middleware=[IdempotencyMiddleware(store=store, identify=_identify)],
    )


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def store() -> InMemoryIdempotencyStore:
    return InMemoryIdempotencyStore(FixedClock())


@pytest.fixture
async def client(store: InMemoryIdempotencyStore, calls: Calls) -> AsyncIterator[Client]:
    async with http_client(_app(store, calls)) as client:
        yield client


async def test_a_replay_repeats_only_the_headers_that_describe_the_result(
    client: Client, calls: Calls
) -> None:
    first = await client.post("/api/v1/things", json={"a": 1}, headers=KEYED)
    replay = await client.post("/api/v1/things", json={"a": 1}, headers=KEYED)

    assert calls.count == 1
    assert (replay.status_code, replay.json()) == (201, {"n": 1, "a": 1})
    assert replay.headers["etag"] == first.headers["etag"] == '"1"'
    assert replay.headers["content-type"] == first.headers["content-type"]
    assert replay.headers["content-length"] == str(len(first.content))
    assert "x-request-only" in first.headers
    assert "x-request-only" not in replay.headers


async def test_an_error_in_the_route_is_not_kept(
    client: Client, calls: Calls, store: InMemoryIdempotencyStore
) -> None:
    for attempt in (1, 2):
        failed = await client.post("/api/v1/broken", headers=KEYED)
        assert failed.status_code == 500
        assert "idempotent-replayed" not in failed.headers
        assert calls.count == attempt
    assert store.records == {}


async def test_a_response_that_could_not_be_kept_is_still_sent(
    calls: Calls, caplog: pytest.LogCaptureFixture
) -> None:
    store = FailingCompletion(FixedClock())
    async with http_client(_app(store, calls)) as client:
        with caplog.at_level(logging.ERROR, "entrypoints.http.idempotency"):
            first = await client.post("/api/v1/things", json={}, headers=KEYED)
        assert first.status_code == 201
        assert "could not store" in caplog.text
        # The claim stays: a retry is refused, not run a second time.
        assert (await client.post("/api/v1/things", json={}, headers=KEYED)).status_code == 409
    assert calls.count == 1


async def test_unidentified_callers_and_other_paths_pass_through(
    client: Client, calls: Calls, store: InMemoryIdempotencyStore
) -> None:
    anonymous = {"Idempotency-Key": "k"}
    for _ in range(2):
        assert (await client.post("/elsewhere", headers=KEYED)).status_code == 200
        # No user, no record: the route decides (here it needs none).
        response = await client.post("/api/v1/things", json={}, headers=anonymous)
        assert response.status_code == 201
    assert calls.count == 4
    assert store.records == {}


async def test_the_route_reads_the_body_the_middleware_read(
    client: Client,
) -> None:
    body = {"text": "x" * 10_000}
    response = await client.post("/api/v1/things", json=body, headers=KEYED)
    assert response.json() == {"n": 1} | body


async def test_an_oversized_body_is_413_and_claims_nothing(
    client: Client, store: InMemoryIdempotencyStore, calls: Calls
) -> None:
    huge = b"x" * (16 * 1024 + 1)
    response = await client.post("/api/v1/things", content=huge, headers=KEYED)
    assert response.status_code == 413
    assert (store.records, calls.count) == ({}, 0)


async def test_a_claim_that_could_not_be_released_refuses_retries_until_abandoned(
    calls: Calls, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FixedClock()
    store = FailingRelease(clock)
    async with http_client(_app(store, calls)) as client:
        with caplog.at_level(logging.ERROR, "entrypoints.http.idempotency"):
            assert (await client.post("/api/v1/broken", headers=KEYED)).status_code == 500
        assert "could not release" in caplog.text
        assert (await client.post("/api/v1/broken", headers=KEYED)).status_code == 409
        clock.advance(CLAIM_TIMEOUT)
        assert (await client.post("/api/v1/broken", headers=KEYED)).status_code == 500
    assert calls.count == 2
