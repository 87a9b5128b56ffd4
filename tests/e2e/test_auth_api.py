"""The Auth service over HTTP: register, login, refresh, logout, me, the JWKS, on each database."""

from __future__ import annotations

import asyncio
import base64
import json
import unicodedata
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest

from adapters.jwt import jwk_thumbprint
from adapters.passwords import OWASP_PARAMETERS
from entrypoints.container import build_container
from entrypoints.http import create_app
from tests.e2e.auth_support import (
    PASSWORD,
    authorised,
    fresh_email,
    log_in,
    register,
    serving,
)
from tests.e2e.todo_api_support import TEST_SIGNING_KEY, Client, e2e_settings, problem
from tests.support.http_client import http_client
from todo_core.domain.email_address import EmailAddress

USER_FIELDS = [
    "id",
    "email",
    "display_name",
    "timezone",
    "email_verified",
    "digest_enabled",
    "digest_time",
    "version",
    "created_at",
    "updated_at",
]
TOKEN_FIELDS = ["access_token", "token_type", "expires_in", "refresh_token"]


@pytest.fixture
async def auth(database_url: str) -> AsyncIterator[Client]:
    async with serving(database_url) as client:
        yield client


def _no_password_anywhere(text: str) -> None:
    lowered = text.lower()
    assert "password" not in lowered
    assert "argon2" not in lowered


async def test_register_creates_the_account_without_any_password_field(auth: Client) -> None:
    email = fresh_email()
    response = await auth.post(
        "/auth/register",
        json={
            "email": f"  {email.upper()} ",
            "password": PASSWORD,
            "display_name": "Ann",
            "timezone": "Europe/Berlin",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert list(body) == USER_FIELDS
    assert (body["email"], body["display_name"], body["timezone"]) == (
        email,
        "Ann",
        "Europe/Berlin",
    )
    assert (body["email_verified"], body["version"]) == (False, 1)
    assert response.headers["location"] == "/auth/me"
    assert response.headers["etag"] == '"1"'
    assert response.headers["cache-control"] == "no-store"
    _no_password_anywhere(response.text)


async def test_register_defaults_the_display_name_and_time_zone(auth: Client) -> None:
    body = await register(auth, fresh_email())
    assert body["timezone"] == "UTC"
    assert body["display_name"]


async def test_register_an_address_already_taken_is_409_whatever_its_case(auth: Client) -> None:
    email = fresh_email()
    await register(auth, email)
    again = await auth.post("/auth/register", json={"email": email.upper(), "password": PASSWORD})
    assert problem(again, 409)["type"] == "urn:todo:problem:conflict"
    # The first account still logs in with its own password.
    await log_in(auth, email)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "not-an-address", "password": PASSWORD}, "email"),
        ({"email": "{email}", "password": "short12"}, "password"),
        ({"email": "{email}", "password": "x" * 129}, "password"),
        ({"email": "{email}", "password": PASSWORD, "timezone": "Mars/Olympus"}, "timezone"),
        ({"email": "{email}", "password": PASSWORD, "version": 7}, "version"),
        ({"email": "{email}", "password": PASSWORD, "password_hash": "x"}, "password_hash"),
    ],
)
async def test_register_refuses_invalid_input_with_a_422_naming_the_field(
    auth: Client, body: dict[str, Any], field: str
) -> None:
    email = fresh_email()
    sent = {
        key: value.format(email=email) if isinstance(value, str) else value
        for key, value in body.items()
    }
    response = await auth.post("/auth/register", json=sent)
    refusal = problem(response, 422)
    assert field in json.dumps(refusal)
    # Nothing was created: the address is still free.
    if "email" in sent and "@" in str(sent["email"]):
        await register(auth, email)


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        (" " * 8, "password-blank"),
        ("password", "password-common"),
        ("12345678", "password-common"),
        ("{email}", "password-is-email"),
    ],
    ids=["spaces", "password", "digits", "e-mail"],
)
async def test_register_refuses_a_weak_password_with_a_422_naming_the_rule(
    auth: Client, password: str, rule: str
) -> None:
    email = fresh_email()
    response = await auth.post(
        "/auth/register", json={"email": email, "password": password.format(email=email)}
    )
    refusal = problem(response, 422)
    assert (refusal["field"], refusal["rule"]) == ("password", rule)
    await register(auth, email)


async def test_a_password_logs_in_in_either_unicode_form(auth: Client) -> None:
    email = fresh_email()
    composed = unicodedata.normalize("NFC", "Cr\u00e8me br\u00fbl\u00e9e, s'il vous pla\u00eet")
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    await register(auth, email, decomposed)

    await log_in(auth, email, composed)
    await log_in(auth, email, decomposed)


async def test_register_with_a_body_that_is_not_json_is_400(auth: Client) -> None:
    response = await auth.post(
        "/auth/register", content=b"{email", headers={"Content-Type": "application/json"}
    )
    problem(response, 400)


async def test_login_answers_a_bearer_token_pair_that_is_not_cached(auth: Client) -> None:
    email = fresh_email()
    user = await register(auth, email)
    response = await auth.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert list(tokens) == TOKEN_FIELDS
    assert (tokens["token_type"], tokens["expires_in"]) == ("Bearer", 900)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    header = jwt.get_unverified_header(tokens["access_token"])
    assert header == {"alg": "EdDSA", "typ": "at+jwt", "kid": TEST_SIGNING_KEY.kid}
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert claims["sub"] == user["id"]
    assert claims["exp"] - claims["iat"] == 900
    assert set(claims) == {"iss", "aud", "sub", "iat", "nbf", "exp", "jti"}
    # The token opens the account and the API.
    me = await auth.get("/auth/me", headers=authorised(tokens))
    assert me.json()["id"] == user["id"]
    todos = await auth.get("/api/v1/todos", headers=authorised(tokens))
    assert todos.status_code == 200


async def test_wrong_password_and_unknown_email_get_the_identical_401(auth: Client) -> None:
    email = fresh_email()
    await register(auth, email)
    wrong = await auth.post("/auth/login", json={"email": email, "password": "wrong password"})
    unknown = await auth.post(
        "/auth/login", json={"email": fresh_email(), "password": "wrong password"}
    )
    malformed = await auth.post(
        "/auth/login", json={"email": "nobody", "password": "wrong password"}
    )
    assert problem(wrong, 401) == problem(unknown, 401) == problem(malformed, 401)
    assert wrong.content == unknown.content
    assert wrong.headers["www-authenticate"] == unknown.headers["www-authenticate"] == "Bearer"


async def test_refresh_rotates_and_a_reused_token_revokes_the_whole_family(auth: Client) -> None:
    email = fresh_email()
    await register(auth, email)
    first = await log_in(auth, email)

    rotated = await auth.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert list(second) == TOKEN_FIELDS
    assert rotated.headers["cache-control"] == "no-store"
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert (await auth.get("/auth/me", headers=authorised(second))).status_code == 200

    # The first token is spent: presenting it again from another client is reuse, and kills
    # the family ...
    reused = await auth.post(
        "/auth/refresh",
        json={"refresh_token": first["refresh_token"]},
        headers={"user-agent": "somebody else"},
    )
    problem(reused, 401)
    # ... so the newest token of the family, never used, is dead too.
    newest = await auth.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
    problem(newest, 401)
    # Another session of the same user is untouched.
    other = await log_in(auth, email)
    assert (
        await auth.post("/auth/refresh", json={"refresh_token": other["refresh_token"]})
    ).status_code == 200


async def test_concurrent_refreshes_from_two_tabs_all_get_the_same_pair(auth: Client) -> None:
    email = fresh_email()
    await register(auth, email)
    first = await log_in(auth, email)

    answers = await asyncio.gather(
        *(
            auth.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
            for _ in range(4)
        )
    )

    assert [answer.status_code for answer in answers] == [200] * 4, [a.text for a in answers]
    assert len({answer.content for answer in answers}) == 1
    pair = answers[0].json()
    assert (await auth.get("/auth/me", headers=authorised(pair))).status_code == 200
    rotated = await auth.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert rotated.status_code == 200, rotated.text


async def test_a_refresh_repeated_after_the_grace_window_revokes_the_family(
    database_url: str,
) -> None:
    async with serving(database_url, refresh_reuse_grace_seconds=0) as auth:
        email = fresh_email()
        await register(auth, email)
        first = await log_in(auth, email)
        rotated = await auth.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert rotated.status_code == 200

        again = await auth.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})

        problem(again, 401)
        newest = rotated.json()["refresh_token"]
        problem(await auth.post("/auth/refresh", json={"refresh_token": newest}), 401)


async def test_refresh_with_an_unknown_token_is_401(auth: Client) -> None:
    response = await auth.post("/auth/refresh", json={"refresh_token": "never-issued"})
    assert problem(response, 401)["detail"] == "invalid refresh token"
    problem(await auth.post("/auth/refresh", json={"token": "x"}), 422)


async def test_logout_revokes_the_family_and_is_idempotent(auth: Client) -> None:
    email = fresh_email()
    await register(auth, email)
    session = await log_in(auth, email)
    rotated = (
        await auth.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    ).json()

    # Any token of the family ends it, the spent one included.
    response = await auth.post("/auth/logout", json={"refresh_token": session["refresh_token"]})
    assert response.status_code == 204
    assert response.content == b""
    problem(await auth.post("/auth/refresh", json={"refresh_token": rotated["refresh_token"]}), 401)
    again = await auth.post("/auth/logout", json={"refresh_token": rotated["refresh_token"]})
    assert again.status_code == 204
    unknown = await auth.post("/auth/logout", json={"refresh_token": "never-issued"})
    assert unknown.status_code == 204


async def test_me_shows_and_changes_the_callers_profile(auth: Client) -> None:
    email = fresh_email()
    user = await register(auth, email)
    headers = authorised(await log_in(auth, email))

    me = await auth.get("/auth/me", headers=headers)
    assert me.status_code == 200
    assert me.json() == user
    assert me.headers["etag"] == '"1"'
    assert me.headers["cache-control"] == "no-store"
    _no_password_anywhere(me.text)
    not_modified = await auth.get("/auth/me", headers=headers | {"If-None-Match": '"1"'})
    assert not_modified.status_code == 304

    changed = await auth.patch(
        "/auth/me",
        json={"display_name": "  Ann  ", "timezone": "America/New_York"},
        headers=headers | {"If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["display_name"], body["timezone"], body["version"]) == (
        "Ann",
        "America/New_York",
        2,
    )
    assert changed.headers["etag"] == '"2"'
    _no_password_anywhere(changed.text)
    assert (await auth.get("/auth/me", headers=headers)).json() == body

    stale = await auth.patch(
        "/auth/me", json={"display_name": "B"}, headers=headers | {"If-Match": '"1"'}
    )
    problem(stale, 412)
    for refused in (
        {},
        {"email": "x@example.org"},
        {"password": PASSWORD},
        {"timezone": "Nowhere"},
    ):
        problem(await auth.patch("/auth/me", json=refused, headers=headers), 422)
    assert (await auth.get("/auth/me", headers=headers)).json() == body


async def test_me_carries_the_daily_digest_settings(auth: Client) -> None:
    email = fresh_email()
    user = await register(auth, email)
    headers = authorised(await log_in(auth, email))
    assert (user["digest_enabled"], user["digest_time"]) == (False, "07:00")

    changed = await auth.patch(
        "/auth/me", json={"digest_enabled": True, "digest_time": "06:30"}, headers=headers
    )

    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["digest_enabled"], body["digest_time"], body["version"]) == (True, "06:30", 2)
    assert (await auth.get("/auth/me", headers=headers)).json() == body
    for refused in ("6:30", "24:00", "06:60", "06:30:00", 630):
        problem(await auth.patch("/auth/me", json={"digest_time": refused}, headers=headers), 422)
    # Booleans are JSON true and false only, not what a lenient decoder would take for one.
    for not_a_boolean in ("yes", "true", 0, 1, None):
        sent = {"digest_enabled": not_a_boolean}
        problem(await auth.patch("/auth/me", json=sent, headers=headers), 422)
    assert (await auth.get("/auth/me", headers=headers)).json() == body


async def test_me_needs_a_valid_access_token(auth: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic YTpi"}):
        response = await auth.get("/auth/me", headers=headers)
        assert problem(response, 401)["type"] == "urn:todo:problem:unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
        problem(await auth.patch("/auth/me", json={"display_name": "x"}, headers=headers), 401)


async def test_jwks_publishes_the_public_signing_key_by_thumbprint(auth: Client) -> None:
    response = await auth.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=300"
    keys = response.json()["keys"]
    assert len(keys) == 1
    (key,) = keys
    assert key == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": key["x"],
        "kid": TEST_SIGNING_KEY.kid,
        "use": "sig",
        "alg": "EdDSA",
    }
    assert key["kid"] == jwk_thumbprint(TEST_SIGNING_KEY.public_key)
    raw = base64.urlsafe_b64decode(key["x"] + "=")
    assert len(raw) == 32
    assert "d" not in key


async def test_health_answers_without_a_token(auth: Client) -> None:
    assert (await auth.get("/health/live")).json() == {"status": "ok"}
    ready = await auth.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "up"}


async def test_the_owasp_default_hasher_registers_and_logs_in(database_url: str) -> None:
    """Every other test hashes cheaply; this one uses the shipped Argon2id parameters."""
    defaults = {
        "argon2_memory_kib": OWASP_PARAMETERS.memory_kib,
        "argon2_time_cost": OWASP_PARAMETERS.time_cost,
    }
    hasher = build_container(e2e_settings(database_url, **defaults)).passwords()
    assert hasher.parameters == OWASP_PARAMETERS
    hasher.close()
    async with serving(database_url, **defaults) as client:
        email = fresh_email()
        await register(client, email)
        tokens = await log_in(client, email)
        assert (await client.get("/auth/me", headers=authorised(tokens))).status_code == 200
        wrong = await client.post("/auth/login", json={"email": email, "password": "x" * 12})
        problem(wrong, 401)


async def _stored_hash(database_url: str, email: str) -> str:
    container = build_container(e2e_settings(database_url))
    try:
        async with container.unit_of_work() as uow:
            user = await uow.users.get_by_email(EmailAddress.parse(email))
    finally:
        await container.engine().dispose()
    assert user is not None
    return user.password_hash


async def test_login_rehashes_a_password_stored_under_other_parameters(
    database_url: str,
) -> None:
    email = fresh_email()
    async with serving(database_url, argon2_memory_kib=64) as client:
        await register(client, email)
    assert "$m=64," in await _stored_hash(database_url, email)
    async with serving(database_url, argon2_memory_kib=128) as client:
        await log_in(client, email)
    assert "$m=128," in await _stored_hash(database_url, email)
    # The new hash verifies with the new parameters, and still only the right password.
    async with serving(database_url, argon2_memory_kib=128) as client:
        await log_in(client, email)
        wrong = await client.post("/auth/login", json={"email": email, "password": "x" * 12})
        problem(wrong, 401)


async def test_an_app_started_again_still_registers_and_logs_in(database_url: str) -> None:
    app = create_app(build_container(e2e_settings(database_url)))
    for _ in range(2):
        async with http_client(app) as client:
            email = fresh_email()
            await register(client, email)
            await log_in(client, email)
