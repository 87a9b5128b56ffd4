"""Helpers of the Auth service e2e tests: an app with both route sets, and a registered user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import uuid4

from litestar import Litestar

from entrypoints.container import build_container
from entrypoints.http import create_app
from tests.e2e.todo_api_support import Client, bearer, e2e_settings
from tests.support.http_client import http_client

__all__ = ["PASSWORD", "authorised", "fresh_email", "log_in", "register", "serving"]

PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password


@asynccontextmanager
async def serving(database_url: str, **overrides: Any) -> AsyncIterator[Client]:
    """Auth and API together, as `todo serve` runs them, on the test database."""
    app: Litestar = create_app(build_container(e2e_settings(database_url, **overrides)))
    async with http_client(app) as client:
        yield client


def fresh_email() -> str:
    return f"user-{uuid4().hex[:12]}@example.org"


async def register(client: Client, email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = await client.post("/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def log_in(client: Client, email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = await client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def authorised(tokens: dict[str, Any]) -> dict[str, str]:
    return bearer(str(tokens["access_token"]))
