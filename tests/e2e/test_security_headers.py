"""Security headers on every answer of every app shape, and CORS only for listed origins."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from litestar import Litestar

from entrypoints.container import Container, build_container
from entrypoints.http import create_api_app, create_app, create_auth_app
from tests.e2e.auth_support import serving
from tests.e2e.todo_api_support import e2e_settings, new_user
from tests.support.http_client import http_client

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}
FACTORIES: dict[str, Callable[[Container], Litestar]] = {
    "auth": create_auth_app,
    "api": create_api_app,
    "serve": create_app,
}


@pytest.mark.parametrize("factory", FACTORIES.values(), ids=FACTORIES.keys())
async def test_every_answer_carries_the_security_headers(
    database_url: str, factory: Callable[[Container], Litestar]
) -> None:
    app = factory(build_container(e2e_settings(database_url)))
    async with http_client(app) as client:
        answers = [
            await client.get("/health/live"),
            await client.get("/health/ready"),
            await client.get("/no/such/route"),
            await client.get("/api/v1/todos"),
            await client.get("/auth/me"),
            await client.delete("/health/live"),
        ]
        assert [a.status_code for a in answers[:3]] == [200, 200, 404]
        for answer in answers:
            for name, value in EXPECTED.items():
                assert answer.headers.get(name) == value, (answer.request.url, name)
            assert answer.headers["cache-control"] in {"no-store", "no-cache"}
        assert "access-control-allow-origin" not in answers[0].headers


async def test_personal_data_is_never_stored_by_caches(database_url: str) -> None:
    async with serving(database_url) as client:
        listed = await client.get("/api/v1/todos", headers=new_user())
        assert listed.status_code == 200
        assert listed.headers["cache-control"] == "no-store"


async def test_cors_answers_listed_origins_only(database_url: str) -> None:
    allowed = "https://app.example"
    async with serving(database_url, cors_allow_origins=(allowed,)) as client:
        preflight = await client.options(
            "/api/v1/todos",
            headers={
                "Origin": allowed,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type, if-match",
            },
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == allowed
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        simple = await client.get("/api/v1/todos", headers=new_user() | {"Origin": allowed})
        assert simple.headers["access-control-allow-origin"] == allowed
        assert "etag" in simple.headers["access-control-expose-headers"].lower()

        stranger = await client.get(
            "/api/v1/todos", headers=new_user() | {"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in stranger.headers
        refused = await client.options(
            "/api/v1/todos",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in refused.headers
