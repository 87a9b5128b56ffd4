"""Bodies that are not JSON, sent to every operation that takes one (read from the committed
OpenAPI document, so a new route is covered without a change here): a 400 or 415 problem
that says what is wrong, and nothing worse than a one-line log record."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest

from entrypoints.container import build_container
from entrypoints.http import create_app
from entrypoints.http.export_openapi import EXPORT_PATH
from entrypoints.http.json_body import MAX_JSON_DEPTH
from tests.e2e.todo_api_support import e2e_settings, new_user, problem
from tests.support.http_client import Client, http_client

_DOCUMENT = json.loads((Path(__file__).resolve().parents[2] / EXPORT_PATH).read_text("utf-8"))
# Operations that take a body, as (method, path with its parameters filled in).
_WITH_BODY = [
    (method.upper(), re.sub(r"\{[^}]+\}", str(uuid4()), path))
    for path, item in _DOCUMENT["paths"].items()
    for method, operation in item.items()
    if isinstance(operation, dict) and "requestBody" in operation
]
# The body decoding needs no database: it fails before any is reached.
_UNUSED_DATABASE = "sqlite+aiosqlite:///:memory:"

_NOT_JSON = {
    "invalid UTF-8 in a string": (b'{"email": "a\xffb@example.org", "title": "a\xffb"}', "UTF-8"),
    "a lone surrogate escape": (b'{"email": "\\ud800", "title": "\\udc00"}', "surrogate"),
    "deep nesting": (b"[" * 1000 + b"]" * 1000, f"deeper than {MAX_JSON_DEPTH} levels"),
    "nesting in an object": (
        b'{"title": ' + b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH + b"}",
        f"deeper than {MAX_JSON_DEPTH} levels",
    ),
    "a truncated body": (b'{"email": "ann@example.org", "passw', "line 1 column"),
    "not JSON at all": (b"email=ann@example.org", "not valid JSON"),
}


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with http_client(create_app(build_container(e2e_settings(_UNUSED_DATABASE)))) as c:
        yield c


def test_every_route_that_takes_a_body_is_covered() -> None:
    paths = {path for _, path in _WITH_BODY}
    assert {"/auth/register", "/auth/login", "/auth/refresh", "/auth/logout", "/auth/me"} <= paths
    assert {"/api/v1/todos", "/api/v1/lists", "/api/v1/labels"} <= paths
    assert len(_WITH_BODY) >= 9


@pytest.mark.parametrize("case", sorted(_NOT_JSON))
async def test_a_body_that_is_not_json_is_a_400_saying_why(
    client: Client, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    body, words = _NOT_JSON[case]
    caplog.set_level(logging.INFO)
    for method, path in _WITH_BODY:
        response = await client.request(
            method,
            path,
            content=body,
            headers={"Content-Type": "application/json", **new_user()},
        )
        detail = problem(response, 400)["detail"]
        assert words in detail, (method, path, detail)
        assert "truncated" not in detail
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/x-www-form-urlencoded"])
async def test_a_body_of_another_media_type_is_a_415_naming_json(
    client: Client, content_type: str | None
) -> None:
    headers = new_user() | ({} if content_type is None else {"Content-Type": content_type})
    for method, path in _WITH_BODY:
        request = client.build_request(method, path, content=b'{"title": "x"}', headers=headers)
        assert request.headers.get("Content-Type") == content_type
        response = await client.send(request)
        detail = problem(response, 415)["detail"]
        assert "application/json" in detail, (method, path)


async def test_json_at_the_depth_limit_is_still_decoded(client: Client) -> None:
    nested = b"[" * (MAX_JSON_DEPTH - 1) + b"]" * (MAX_JSON_DEPTH - 1)
    response = await client.post(
        "/auth/login",
        content=b'{"email": "ann@example.org", "password": ' + nested + b"}",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    # Decoded, then refused for its shape: a password is a string.
    assert problem(response, 422)["errors"][0]["field"] == "password"


async def test_a_json_suffix_media_type_is_json(client: Client) -> None:
    response = await client.post(
        "/auth/logout",
        content=b'{"refresh_token": 1}',
        headers={"Content-Type": "application/vnd.todo+json"},
    )
    # Decoded, then refused for its shape.
    assert problem(response, 422)["errors"][0]["field"] == "refresh_token"
