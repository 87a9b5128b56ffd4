"""The embedded default under concurrent writers: `todo serve`'s app and relay on SQLite.

Several users creating at once must all be served: SQLite runs one writer at a time, so a
writer waits for the others instead of failing with 503 (see ADR 0012). Each client creates a
list, then todos in it, as a client would, while the relay publishes every event to this
process's handlers (each delivery an inbox write).
"""

from __future__ import annotations

import asyncio
from collections import Counter

from entrypoints.container import build_container
from entrypoints.http import create_app
from entrypoints.relay_service import relay_alongside
from tests.e2e.todo_api_support import bearer, e2e_settings
from tests.support.http_client import Client, http_client

_CLIENTS = 8
_CREATES = 10


async def _signed_in(client: Client, number: int) -> dict[str, str]:
    credentials = {"email": f"writer{number}@example.org", "password": "correct horse battery"}
    registered = await client.post("/auth/register", json=credentials)
    assert registered.status_code == 201, registered.text
    login = await client.post("/auth/login", json=credentials)
    assert login.status_code == 200, login.text
    return bearer(login.json()["access_token"])


async def _creates(client: Client, headers: dict[str, str], number: int) -> list[int]:
    statuses = []
    created = await client.post("/api/v1/lists", json={"name": f"list {number}"}, headers=headers)
    statuses.append(created.status_code)
    list_id = created.json().get("id")
    for index in range(_CREATES - 1):
        todo = {"title": f"todo {index}"} | ({"list_id": list_id} if list_id else {})
        response = await client.post("/api/v1/todos", json=todo, headers=headers)
        statuses.append(response.status_code)
    return statuses


async def test_concurrent_clients_on_sqlite_are_all_served(migrated_sqlite_url: str) -> None:
    container = build_container(e2e_settings(migrated_sqlite_url, relay_poll_interval=0.01))
    app = create_app(container)
    relay_alongside(app, container)

    async with http_client(app) as client:
        users = [await _signed_in(client, number) for number in range(_CLIENTS)]
        results = await asyncio.gather(
            *(_creates(client, headers, number) for number, headers in enumerate(users))
        )
        listed = [
            await client.get("/api/v1/todos", params={"limit": 50}, headers=headers)
            for headers in users
        ]

    statuses = Counter(status for statuses in results for status in statuses)
    assert statuses == {201: _CLIENTS * _CREATES}
    assert [len(page.json()["items"]) for page in listed] == [_CREATES - 1] * _CLIENTS
    await container.engine().dispose()
