"""Helpers the e2e tests share: settings, callers with access tokens, the core for setup.

Lists and labels are made through the core (`core_app`) on the same database: these tests are
about the todo routes, and must not depend on how the list and label routes evolve.

Callers carry real bearer tokens, signed with `TEST_SIGNING_KEY`, the key `e2e_settings` gives
every app: `new_user()` mints one for a fresh user id with the same token service class the
container builds, so tests that are not about authentication need no login round trip (and no
password hash). The API checks the token and nothing else about the user, as in production.
The auth tests register and log in over HTTP instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID, uuid4

import httpx
import jwt
from pydantic import SecretStr

from adapters.jwt import EddsaTokenService, SigningKey, SigningKeyRing
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.support.http_client import Client
from todo_core import Application
from todo_core.domain.ids import UserId

__all__ = [
    "PROBLEM_JSON",
    "TEST_SIGNING_KEY",
    "TODO_FIELDS",
    "Client",
    "bearer",
    "core_app",
    "create_todo",
    "e2e_settings",
    "new_user",
    "problem",
    "user_id",
]

PROBLEM_JSON = "application/problem+json"
# The contract's todo fields, in its order.
TODO_FIELDS = [
    "id",
    "list_id",
    "parent_id",
    "title",
    "notes",
    "status",
    "priority",
    "due",
    "labels",
    "reminders",
    "recurrence",
    "position",
    "version",
    "completed_at",
    "created_at",
    "updated_at",
]


TEST_SIGNING_KEY = SigningKey.generate()
# Cheap hashing for the many registrations of the auth tests; the command tests use the defaults.
_CHEAP_ARGON2 = {"argon2_memory_kib": 64, "argon2_time_cost": 1}
_TOKENS = EddsaTokenService(
    SigningKeyRing.of(TEST_SIGNING_KEY),
    issuer=Settings.model_fields["token_issuer"].default,
    audience=Settings.model_fields["token_audience"].default,
    clock=SystemClock(),
    ids=Uuid7IdGenerator(),
)


def e2e_settings(database_url: str, **overrides: Any) -> Settings:
    """The settings of every e2e app: the test key, cheap hashing, and no rate limits (the
    rate-limit tests switch them on explicitly)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "signing_keys": (SecretStr(TEST_SIGNING_KEY.private_pem().decode()),),
        "rate_limit_auth_per_minute": 0,
        "rate_limit_email_per_minute": 0,
        "rate_limit_api_per_minute": 0,
        **_CHEAP_ARGON2,
    }
    return Settings(**(values | overrides))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_user() -> dict[str, str]:
    """The headers of a caller acting as a fresh user, with a valid 15-minute access token."""
    return bearer(_TOKENS.issue_access_token(UserId(uuid4())).token)


async def create_todo(api: Client, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"title": "buy milk"} | fields
    response = await api.post("/api/v1/todos", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The problem document of `response`, after checking its status and media type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    assert "Traceback" not in response.text
    return body


@asynccontextmanager
async def core_app(database_url: str) -> AsyncIterator[Application]:
    """The core on the same database as the `api` fixture, for arranging lists and labels."""
    container = build_container(e2e_settings(database_url))
    try:
        yield container.application()
    finally:
        await container.engine().dispose()


def user_id(headers: dict[str, str]) -> UUID:
    """The user a caller's token names (read, not verified: the test made it)."""
    token = headers["Authorization"].removeprefix("Bearer ")
    return UUID(jwt.decode(token, options={"verify_signature": False})["sub"])
