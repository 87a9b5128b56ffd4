"""`Idempotency-Key` on the API's POSTs, as a client sees it: a retry replays the first answer
and has no second effect; the key is the user's, bound to one request, and checked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.todo_api_support import Client, create_todo, new_user, problem

TODOS = "/api/v1/todos"
KEY = "Idempotency-Key"
REPLAYED = "idempotent-replayed"


def _keyed(headers: dict[str, str], key: str = "8e03978e-40d5-43e8-bc93-6894a57f9324") -> Any:
    return headers | {KEY: key}


async def _count(api: Client, path: str, headers: dict[str, str]) -> int:
    response = await api.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return len(response.json()["items"])


def _same_response(replay: httpx.Response, first: httpx.Response) -> None:
    assert replay.status_code == first.status_code
    assert replay.content == first.content
    for name in ("content-type", "etag", "location"):
        assert replay.headers.get(name) == first.headers.get(name), name
    assert replay.headers[REPLAYED] == "true"
    assert REPLAYED not in first.headers


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/lists", {"name": "groceries"}),
        ("/api/v1/labels", {"name": "urgent", "colour": "#ff0000"}),
        (TODOS, {"title": "buy milk", "priority": "high"}),
    ],
)
async def test_a_retry_replays_the_first_response_and_creates_nothing(
    api: Client, path: str, body: dict[str, Any]
) -> None:
    user = new_user()
    before = await _count(api, path, user)

    first = await api.post(path, json=body, headers=_keyed(user))
    assert first.status_code == 201, first.text
    replay = await api.post(path, json=body, headers=_keyed(user))

    _same_response(replay, first)
    assert first.headers["location"].endswith(first.json()["id"])
    assert await _count(api, path, user) == before + 1
    # The draft's quoted form names the same key.
    quoted = await api.post(
        path, json=body, headers=_keyed(user, '"8e03978e-40d5-43e8-bc93-6894a57f9324"')
    )
    _same_response(quoted, first)
    assert await _count(api, path, user) == before + 1


async def test_the_same_key_for_another_request_is_422_and_has_no_effect(api: Client) -> None:
    user = new_user()
    first = await api.post(TODOS, json={"title": "buy milk"}, headers=_keyed(user))
    assert first.status_code == 201

    other_body = await api.post(TODOS, json={"title": "buy bread"}, headers=_keyed(user))
    body = problem(other_body, 422)
    assert body["type"] == "urn:todo:problem:idempotency-key-reused"
    assert body["field"] == KEY
    other_route = await api.post("/api/v1/lists", json={"name": "x"}, headers=_keyed(user))
    assert problem(other_route, 422)["type"] == "urn:todo:problem:idempotency-key-reused"
    other_query = await api.post(f"{TODOS}?x=1", json={"title": "buy milk"}, headers=_keyed(user))
    problem(other_query, 422)

    assert await _count(api, TODOS, user) == 1
    assert await _count(api, "/api/v1/lists", user) == 1  # the Inbox only
    # The first request is still replayed.
    _same_response(await api.post(TODOS, json={"title": "buy milk"}, headers=_keyed(user)), first)


async def test_keys_belong_to_their_user(api: Client) -> None:
    alice, bob = new_user(), new_user()
    for_alice = await api.post(TODOS, json={"title": "a"}, headers=_keyed(alice))
    for_bob = await api.post(TODOS, json={"title": "b"}, headers=_keyed(bob))
    assert (for_alice.status_code, for_bob.status_code) == (201, 201)
    assert REPLAYED not in for_bob.headers
    assert for_bob.json()["id"] != for_alice.json()["id"]
    assert for_bob.json()["title"] == "b"
    assert (await _count(api, TODOS, alice), await _count(api, TODOS, bob)) == (1, 1)


async def test_without_a_key_every_post_acts(api: Client) -> None:
    user = new_user()
    first = await api.post(TODOS, json={"title": "buy milk"}, headers=user)
    second = await api.post(TODOS, json={"title": "buy milk"}, headers=user)
    assert (first.status_code, second.status_code) == (201, 201)
    assert REPLAYED not in second.headers
    assert await _count(api, TODOS, user) == 2


@pytest.mark.parametrize(
    "key",
    [
        b"",
        b"k" * 256,
        "caf\u00e9".encode(),
        b"tab\tinside",
        b'"unterminated',
        b'"bad \\escape"',
        b"one, two",
    ],
    ids=["empty", "too-long", "non-ascii", "control", "open-quote", "bad-escape", "two"],
)
async def test_a_malformed_key_is_400_and_has_no_effect(api: Client, key: bytes) -> None:
    user = new_user()
    headers = [(name.encode(), value.encode()) for name, value in user.items()]
    response = await api.post(
        TODOS, json={"title": "buy milk"}, headers=[*headers, (KEY.encode(), key)]
    )
    body = problem(response, 400)
    assert body["type"] == "urn:todo:problem:invalid-idempotency-key"
    assert body["field"] == KEY
    assert await _count(api, TODOS, user) == 0


async def test_two_keys_are_400(api: Client) -> None:
    user = new_user()
    headers = [*user.items(), (KEY, "one"), (KEY, "two")]
    problem(await api.post(TODOS, json={"title": "x"}, headers=headers), 400)
    assert await _count(api, TODOS, user) == 0


async def test_the_longest_key_works(api: Client) -> None:
    user = new_user()
    first = await api.post(TODOS, json={"title": "x"}, headers=_keyed(user, "~" * 255))
    _same_response(
        await api.post(TODOS, json={"title": "x"}, headers=_keyed(user, "~" * 255)), first
    )


async def test_an_unidentified_caller_gets_401_whatever_the_key(api: Client) -> None:
    response = await api.post(TODOS, json={"title": "x"}, headers={KEY: ""})
    assert problem(response, 401)["type"] == "urn:todo:problem:unauthorized"


async def test_client_errors_are_kept_and_replayed_too(api: Client) -> None:
    user = new_user()
    invalid = await api.post(TODOS, json={"title": "x", "version": 3}, headers=_keyed(user))
    problem(invalid, 422)
    replay = await api.post(TODOS, json={"title": "x", "version": 3}, headers=_keyed(user))
    _same_response(replay, invalid)
    assert replay.json() == invalid.json()


async def test_gets_are_not_affected(api: Client) -> None:
    user = new_user()
    await create_todo(api, user)
    listed = await api.get(TODOS, headers=_keyed(user))
    again = await api.get(TODOS, headers=_keyed(user))
    assert (listed.status_code, again.status_code) == (200, 200)
    assert REPLAYED not in again.headers
