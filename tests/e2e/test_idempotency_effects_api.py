"""`Idempotency-Key` where effects could double: concurrent duplicates, state changes (complete,
reopen, restore), the 24-hour window on the app's clock, and failures that must not be kept."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from dependency_injector import providers

from adapters.sqlalchemy import SqlAlchemyIdempotencyStore, SqlAlchemyUnitOfWork, create_engine
from entrypoints.container import Container, build_container
from entrypoints.http import create_api_app
from entrypoints.http.idempotency_request import request_fingerprint
from tests.e2e.todo_api_support import (
    Client,
    create_todo,
    e2e_settings,
    new_user,
    problem,
    user_id,
)
from tests.support.fakes import FixedClock
from tests.support.http_client import http_client
from todo_core.domain.ids import UserId
from todo_core.ports.idempotency_store import IdempotencyKey

TODOS = "/api/v1/todos"
KEY = "Idempotency-Key"
REPLAYED = "idempotent-replayed"


async def _todos(api: Client, headers: dict[str, str]) -> list[dict[str, object]]:
    response = await api.get(TODOS, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def container(database_url: str, clock: FixedClock) -> Container:
    container = build_container(e2e_settings(database_url))
    # Only the idempotency records run on the test's clock: access tokens keep real time.
    container.idempotency_store.override(
        providers.Singleton(SqlAlchemyIdempotencyStore, engine=container.engine, clock=clock)
    )
    return container


@pytest.fixture
async def clocked_api(container: Container) -> AsyncIterator[Client]:
    """The real app on a clock the test moves."""
    async with http_client(create_api_app(container)) as client:
        yield client


async def test_concurrent_duplicates_have_one_effect(database_url: str) -> None:
    # The test client serves one request at a time; httpx's ASGI transport runs the app on
    # this event loop, so these requests really overlap.
    container = build_container(e2e_settings(database_url))
    app: Any = create_api_app(container)
    user = new_user()
    headers = user | {KEY: "concurrent"}
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as client:
            responses = await asyncio.gather(
                *(client.post(TODOS, json={"title": "once"}, headers=headers) for _ in range(3))
            )
            # The client retries until it has an answer.
            final = await client.post(TODOS, json={"title": "once"}, headers=headers)
            listed = await client.get(TODOS, headers=user)
    finally:
        await container.engine().dispose()

    originals = [r for r in responses if r.status_code == 201 and REPLAYED not in r.headers]
    for other in responses:
        if other.status_code == 409:
            # Refused while the first is being served.
            assert problem(other, 409)["type"] == "urn:todo:problem:idempotency-key-in-use"
            assert other.headers["retry-after"] == "1"
        elif other.status_code == 503:
            # SQLite has one writer at a time, and a transaction that has read refuses to wait
            # for it: the first request can lose its write to a duplicate's claim attempt (it
            # then keeps nothing, and the retry below acts), or a duplicate's claim attempt can
            # lose to the first one's write (the first then answers 201). Either way the caller
            # is told to try again, and the single effect is checked below.
            assert database_url.startswith("sqlite")
        elif other not in originals:
            assert (other.status_code, other.headers[REPLAYED]) == (201, "true")
            assert other.content == originals[0].content
    assert len(originals) <= 1
    assert final.status_code == 201
    if originals:
        assert (final.headers[REPLAYED], final.content) == ("true", originals[0].content)
    assert len(listed.json()["items"]) == 1


async def test_a_replayed_complete_or_reopen_changes_the_version_once(api: Client) -> None:
    user = new_user()
    todo = await create_todo(api, user)
    url = f"{TODOS}/{todo['id']}"

    completed = await api.post(
        f"{url}/complete", headers=user | {KEY: "complete-1", "If-Match": '"1"'}
    )
    assert (completed.status_code, completed.headers["etag"]) == (200, '"2"')
    again = await api.post(f"{url}/complete", headers=user | {KEY: "complete-1", "If-Match": '"1"'})
    # Not 412 although version 1 is gone: the first answer, replayed.
    assert (again.status_code, again.headers[REPLAYED], again.content) == (
        200,
        "true",
        completed.content,
    )
    assert again.headers["etag"] == '"2"'

    reopened = await api.post(f"{url}/reopen", headers=user | {KEY: "reopen-1"})
    assert reopened.json()["version"] == 3
    replay = await api.post(f"{url}/reopen", headers=user | {KEY: "reopen-1"})
    assert (replay.headers[REPLAYED], replay.content) == ("true", reopened.content)
    current = (await api.get(url, headers=user)).json()
    assert (current["status"], current["version"]) == ("open", 3)

    # The key is bound to that todo's reopen: not a licence for another route.
    problem(await api.post(f"{url}/complete", headers=user | {KEY: "reopen-1"}), 422)
    assert (await api.get(url, headers=user)).json()["version"] == 3


async def test_a_replayed_restore_restores_once(api: Client) -> None:
    user = new_user()
    todo = await create_todo(api, user)
    url = f"{TODOS}/{todo['id']}"
    assert (await api.delete(url, headers=user)).status_code == 204

    restored = await api.post(f"{url}/restore", headers=user | {KEY: "restore-1"})
    assert restored.json()["version"] == 3
    # Trashed again: a second effect of the retry would restore it again.
    assert (await api.delete(url, headers=user)).status_code == 204
    replay = await api.post(f"{url}/restore", headers=user | {KEY: "restore-1"})
    assert (replay.headers[REPLAYED], replay.content) == ("true", restored.content)
    assert await _todos(api, user) == []


async def test_a_key_is_remembered_for_24_hours_then_new(
    clocked_api: Client, clock: FixedClock
) -> None:
    user = new_user()
    headers = user | {KEY: "daily"}
    first = await clocked_api.post(TODOS, json={"title": "water"}, headers=headers)
    assert first.status_code == 201

    clock.advance(timedelta(hours=24) - timedelta(seconds=1))
    replay = await clocked_api.post(TODOS, json={"title": "water"}, headers=headers)
    assert (replay.headers[REPLAYED], replay.content) == ("true", first.content)
    clock.advance(timedelta(seconds=1))
    fresh = await clocked_api.post(TODOS, json={"title": "water"}, headers=headers)
    assert fresh.status_code == 201
    assert REPLAYED not in fresh.headers
    assert fresh.json()["id"] != first.json()["id"]
    # Expired, the key may even name another request now.
    clock.advance(timedelta(hours=24))
    other = await clocked_api.post(TODOS, json={"title": "feed the cat"}, headers=headers)
    assert other.status_code == 201
    assert len(await _todos(clocked_api, user)) == 3


def _refusing_database() -> str:
    with socket.socket() as probe:
        # Bound but never listening: connections are refused at once, on loopback only.
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql+asyncpg://todo@127.0.0.1:{port}/todo"


async def test_a_server_error_is_not_kept_and_the_retry_acts(
    clocked_api: Client, container: Container
) -> None:
    user = new_user()
    headers = user | {KEY: "after-an-outage"}
    # The todos' database is down, the idempotency records' is not: the request fails after
    # its key was claimed.
    unreachable = create_engine(_refusing_database())
    container.unit_of_work.override(
        providers.Factory(SqlAlchemyUnitOfWork, engine=unreachable, ids=container.ids)
    )
    try:
        failed = await clocked_api.post(TODOS, json={"title": "x"}, headers=headers)
    finally:
        container.unit_of_work.reset_override()
        await unreachable.dispose()
    assert problem(failed, 503)["type"] == "urn:todo:problem:storage-unavailable"

    retried = await clocked_api.post(TODOS, json={"title": "x"}, headers=headers)
    assert retried.status_code == 201, retried.text
    assert REPLAYED not in retried.headers
    replay = await clocked_api.post(TODOS, json={"title": "x"}, headers=headers)
    assert (replay.headers[REPLAYED], replay.content) == ("true", retried.content)
    assert len(await _todos(clocked_api, user)) == 1


async def test_a_claim_left_by_a_crash_refuses_retries_for_a_minute_then_lets_one_run(
    clocked_api: Client, database_url: str, clock: FixedClock
) -> None:
    user = new_user()
    body = b'{"title":"x"}'
    # What a process that died while serving this request leaves behind: its claim. (Its own
    # engine: the test client serves the app on another event loop.)
    engine = create_engine(database_url)
    try:
        crashed = SqlAlchemyIdempotencyStore(engine, clock)
        fingerprint = request_fingerprint("POST", TODOS, b"", body)
        assert await crashed.reserve(UserId(user_id(user)), IdempotencyKey("crash"), fingerprint)
    finally:
        await engine.dispose()
    headers = user | {KEY: "crash", "Content-Type": "application/json"}

    problem(await clocked_api.post(TODOS, content=body, headers=headers), 409)
    clock.advance(timedelta(seconds=59))
    problem(await clocked_api.post(TODOS, content=body, headers=headers), 409)
    clock.advance(timedelta(seconds=1))
    retried = await clocked_api.post(TODOS, content=body, headers=headers)
    assert retried.status_code == 201, retried.text
    replay = await clocked_api.post(TODOS, content=body, headers=headers)
    assert (replay.headers[REPLAYED], replay.content) == ("true", retried.content)
    assert len(await _todos(clocked_api, user)) == 1
