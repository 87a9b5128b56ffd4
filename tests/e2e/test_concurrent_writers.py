"""The embedded default under concurrent writers: `todo serve`'s app and relay on SQLite.

Several users creating at once must all be served: SQLite runs one writer at a time, so a
writer waits for the others instead of failing with 503 (ADR 0013). Each client creates a
list, then todos in it, every todo with an `Idempotency-Key` (the key's claim and stored
response are writes of their own), while the relay publishes every event to this process's
handler (each delivery an inbox write) and marks it published.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from dependency_injector import providers

from entrypoints.container import build_container
from entrypoints.http import create_app
from entrypoints.relay_service import relay_alongside
from tests.e2e.todo_api_support import bearer, e2e_settings
from tests.integration.relay.records import wait_until_drained
from tests.support.http_client import Client, http_client
from todo_core.ports.event_handler import EventHandler, InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork

_CLIENTS = 8
_CREATES = 10


@dataclass(eq=False)
class _CreatedTodos(EventHandler):
    """Notes every created todo's event; `ProcessEvent` writes an inbox row for each."""

    seen: list[UUID] = field(default_factory=list)

    @property
    def name(self) -> str:
        return "created-todos"

    def handles(self, event_type: str) -> bool:
        return event_type == "todo.todo.created.v1"

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        self.seen.append(event.id)


async def _signed_in(client: Client, number: int) -> dict[str, str]:
    credentials = {"email": f"writer{number}@example.org", "password": "correct horse battery"}
    registered = await client.post("/auth/register", json=credentials)
    assert registered.status_code == 201, registered.text
    login = await client.post("/auth/login", json=credentials)
    assert login.status_code == 200, login.text
    return bearer(login.json()["access_token"])


async def _creates(client: Client, headers: dict[str, str], number: int) -> list[int]:
    created = await client.post("/api/v1/lists", json={"name": f"list {number}"}, headers=headers)
    statuses = [created.status_code]
    list_id = created.json().get("id")
    for index in range(_CREATES - 1):
        todo = {"title": f"todo {index}"} | ({"list_id": list_id} if list_id else {})
        keyed = headers | {"Idempotency-Key": str(uuid4())}
        response = await client.post("/api/v1/todos", json=todo, headers=keyed)
        statuses.append(response.status_code)
    return statuses


async def test_concurrent_clients_on_sqlite_are_all_served(migrated_sqlite_url: str) -> None:
    container = build_container(e2e_settings(migrated_sqlite_url, relay_poll_interval=0.01))
    handler = _CreatedTodos()
    container.event_handlers.override(providers.Object((handler,)))
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
        # A bound, not a measurement: the relay delivers everything well within it.
        await wait_until_drained(container.outbox().lag, within_s=60)

    statuses = Counter(status for statuses in results for status in statuses)
    assert statuses == {201: _CLIENTS * _CREATES}
    assert [len(page.json()["items"]) for page in listed] == [_CREATES - 1] * _CLIENTS
    # Every created todo's event reached the handler once: the relay's and the inbox's writes
    # waited for the writer like the requests' did, and none failed.
    assert len(handler.seen) == len(set(handler.seen)) == _CLIENTS * (_CREATES - 1)
    assert await container.dead_letters().pending() == []
    await container.engine().dispose()
