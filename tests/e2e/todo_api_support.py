"""Helpers the todo e2e tests share: the client type, creating todos, and the core for setup.

Lists and labels are made through the core (`core_app`) on the same database: these tests are
about the todo routes, and must not depend on how the list and label routes evolve.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID, uuid4

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from entrypoints.container import build_container
from entrypoints.settings import Settings
from todo_core import Application

__all__ = [
    "PROBLEM_JSON",
    "TODO_FIELDS",
    "Client",
    "core_app",
    "create_todo",
    "new_user",
    "problem",
    "user_id",
]

Client = AsyncTestClient[Litestar]
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


def new_user() -> dict[str, str]:
    return {"X-User-Id": str(uuid4())}


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
    container = build_container(Settings(database_url=database_url))
    try:
        yield container.application()
    finally:
        await container.engine().dispose()


def user_id(headers: dict[str, str]) -> UUID:
    return UUID(headers["X-User-Id"])
