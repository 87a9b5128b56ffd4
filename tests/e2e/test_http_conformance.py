"""HTTP details the contract tests found: OPTIONS lists every method of a path, and a time
bound in the query is an RFC 3339 date-time, never a bare number."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tests.e2e.todo_api_support import Client, problem


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/api/v1/todos", "GET, OPTIONS, POST"),
        (f"/api/v1/todos/{uuid4()}", "DELETE, GET, OPTIONS, PATCH"),
        ("/api/v1/lists", "GET, OPTIONS, POST"),
        (f"/api/v1/lists/{uuid4()}", "DELETE, GET, OPTIONS, PATCH"),
        ("/api/v1/labels", "GET, OPTIONS, POST"),
        (f"/api/v1/labels/{uuid4()}", "DELETE, GET, OPTIONS, PATCH"),
        (f"/api/v1/todos/{uuid4()}/complete", "OPTIONS, POST"),
    ],
)
async def test_options_lists_every_method_of_the_path(api: Client, path: str, methods: str) -> None:
    response = await api.options(path)
    assert response.status_code == 204
    assert response.headers["allow"] == methods


async def test_an_unsupported_method_is_405_naming_the_allowed_ones(api: Client) -> None:
    response = await api.put("/api/v1/lists", json={})
    problem(response, 405)
    assert set(response.headers["allow"].split(", ")) == {"GET", "OPTIONS", "POST"}


@pytest.mark.parametrize("value", ["0.5", "1700000000", "2030-13-01T00:00:00Z"])
async def test_due_bounds_are_rfc3339_not_timestamps(
    api: Client, user_headers: dict[str, str], value: str
) -> None:
    for name in ("due_before", "due_after"):
        response = await api.get("/api/v1/todos", params={name: value}, headers=user_headers)
        body = problem(response, 422)
        named = body.get("field") or [error["field"] for error in body["errors"]]
        assert name in named, (name, value, body)
