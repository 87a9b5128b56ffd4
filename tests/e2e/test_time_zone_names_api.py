"""Time zones are IANA names: the host's zone files are refused wherever a zone is written."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.auth_support import PASSWORD, authorised, fresh_email, log_in, register, serving
from tests.e2e.todo_api_support import Client, problem

HOST_FILES = ["localtime", "posixrules", "Factory", "right/UTC", "posix/Europe/Berlin"]


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[Client]:
    async with serving(database_url) as served:
        yield served


@pytest.mark.parametrize("name", HOST_FILES)
async def test_a_host_zone_file_is_refused_as_a_time_zone_saying_why(
    client: Client, name: str
) -> None:
    email = fresh_email()
    registered = await client.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "timezone": name}
    )
    refused = problem(registered, 422)
    assert "not an IANA time zone name" in refused["detail"]
    assert refused["field"] == "timezone"

    await register(client, email)
    headers = authorised(await log_in(client, email))
    changed = await client.patch("/auth/me", json={"timezone": name}, headers=headers)
    assert problem(changed, 422)["field"] == "timezone"
    due = {"datetime": "2026-05-01T09:00:00+00:00", "timezone": name}
    created = await client.post(
        "/api/v1/todos", json={"title": "call", "due": due}, headers=headers
    )
    assert problem(created, 422)["field"] == "due.timezone"
