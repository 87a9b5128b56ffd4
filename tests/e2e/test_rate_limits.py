"""Rate limits as a client meets them: `RateLimit-*` headers, then a 429 with `Retry-After`.

Each test sets its own small limits (the other e2e tests run with none), and every app starts
with empty counters, so nothing here depends on timing or on another test.
"""

from __future__ import annotations

import asyncio

from tests.e2e.auth_support import PASSWORD, fresh_email, register, serving
from tests.e2e.todo_api_support import new_user, problem

LOGIN = "/auth/login"


def _throttled(response: object) -> None:
    body = problem(response, 429)  # type: ignore[arg-type]
    assert body["type"] == "urn:todo:problem:too-many-requests"
    headers = response.headers  # type: ignore[attr-defined]
    assert int(headers["retry-after"]) >= 1
    assert headers["ratelimit-remaining"] == "0"


async def test_login_is_limited_per_email_address_however_it_is_spelt(database_url: str) -> None:
    async with serving(
        database_url, rate_limit_auth_per_minute=100, rate_limit_email_per_minute=2
    ) as client:
        email = fresh_email()
        for _ in range(2):
            response = await client.post(LOGIN, json={"email": email, "password": "wrong pw"})
            problem(response, 401)
        respelt = f"  {email.upper()}"
        _throttled(await client.post(LOGIN, json={"email": respelt, "password": PASSWORD}))
        # Another address from the same client is not affected.
        other = await client.post(LOGIN, json={"email": fresh_email(), "password": "wrong pw"})
        problem(other, 401)


async def test_register_is_limited_per_email_address(database_url: str) -> None:
    async with serving(
        database_url, rate_limit_auth_per_minute=100, rate_limit_email_per_minute=2
    ) as client:
        email = fresh_email()
        await register(client, email)
        again = await client.post("/auth/register", json={"email": email, "password": PASSWORD})
        problem(again, 409)
        third = await client.post("/auth/register", json={"email": email, "password": PASSWORD})
        _throttled(third)


async def test_credential_routes_are_limited_per_client_address_each(database_url: str) -> None:
    async with serving(
        database_url, rate_limit_auth_per_minute=2, rate_limit_email_per_minute=0
    ) as client:
        for _ in range(2):
            body = {"email": fresh_email(), "password": "wrong pw"}
            response = await client.post(LOGIN, json=body)
            problem(response, 401)
            assert response.headers["ratelimit-limit"] == "2"
            assert response.headers["ratelimit-policy"] == "2; w=60"
        _throttled(await client.post(LOGIN, json={"email": fresh_email(), "password": "x"}))
        # Each credential route counts on its own; the other routes not at all.
        for _ in range(2):
            problem(await client.post("/auth/refresh", json={"refresh_token": "nope"}), 401)
        _throttled(await client.post("/auth/refresh", json={"refresh_token": "nope"}))
        await register(client, fresh_email())
        # Logout takes no credentials, but writes: it is limited too, on its own budget.
        for _ in range(2):
            response = await client.post("/auth/logout", json={"refresh_token": "x"})
            assert response.status_code == 204
        _throttled(await client.post("/auth/logout", json={"refresh_token": "x"}))
        assert (await client.get("/health/live")).status_code == 200


async def test_the_api_is_limited_per_user(database_url: str) -> None:
    async with serving(database_url, rate_limit_api_per_minute=3) as client:
        ann, bob = new_user(), new_user()
        remaining = []
        for _ in range(3):
            response = await client.get("/api/v1/todos", headers=ann)
            assert response.status_code == 200
            remaining.append(response.headers["ratelimit-remaining"])
        assert remaining == ["2", "1", "0"]
        _throttled(await client.get("/api/v1/todos", headers=ann))
        assert (await client.get("/api/v1/lists", headers=bob)).status_code == 200
        # Outside the API there is no per-user limit.
        assert "ratelimit-limit" not in (await client.get("/health/live")).headers


async def test_concurrent_requests_of_a_user_never_pass_the_limit_together(
    database_url: str,
) -> None:
    async with serving(database_url, rate_limit_api_per_minute=5) as client:
        ann = new_user()
        responses = await asyncio.gather(
            *(client.get("/api/v1/todos", headers=ann) for _ in range(12))
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200] * 5 + [429] * 7
        remaining = sorted(r.headers["ratelimit-remaining"] for r in responses if r.is_success)
        assert remaining == ["0", "1", "2", "3", "4"]


async def test_a_body_without_an_e_mail_is_refused_by_the_handler_not_counted(
    database_url: str,
) -> None:
    async with serving(
        database_url, rate_limit_auth_per_minute=0, rate_limit_email_per_minute=1
    ) as client:
        for _ in range(2):
            not_json = await client.post(
                LOGIN, content=b"{", headers={"Content-Type": "application/json"}
            )
            problem(not_json, 400)
            problem(await client.post(LOGIN, json={"password": PASSWORD}), 422)
        # An address that is not one still has a budget of its own, spelt as given.
        problem(await client.post(LOGIN, json={"email": " Not-An-Address ", "password": "x"}), 401)
        _throttled(await client.post(LOGIN, json={"email": "not-an-address", "password": "x"}))
