"""Forged, stale and misused tokens on an API route: every one is the same 401.

The API app here trusts only the published JWKS of the test key (verifier-only mode, as
`todo api` runs with `TODO_JWKS`), so these also show it needs no private key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from adapters.jwt import SigningKey, SigningKeyRing
from entrypoints.container import build_container
from entrypoints.http import create_api_app
from tests.e2e.auth_support import fresh_email, log_in, register, serving
from tests.e2e.todo_api_support import (
    TEST_SIGNING_KEY,
    Client,
    bearer,
    e2e_settings,
    new_user,
    problem,
)
from tests.support.http_client import http_client

TODOS = "/api/v1/todos"
ISSUER, AUDIENCE = "urn:todo:auth", "urn:todo:api"
_OTHER_KEY = SigningKey.generate()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(uuid4()),
        "iat": now,
        "nbf": now,
        "exp": now + 900,
        "jti": str(uuid4()),
    }
    return {k: v for k, v in (claims | changes).items() if v is not None}


def _signed(claims: dict[str, Any], key: SigningKey = TEST_SIGNING_KEY, **header: Any) -> str:
    headers = {"typ": "at+jwt", "kid": key.kid} | header
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers=headers)


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    head = _b64(json.dumps(header).encode())
    body = _b64(json.dumps(claims).encode())
    return f"{head}.{body}.{_b64(signature)}"


def _hs256_with_public_key(public_bytes: bytes) -> str:
    header = {"alg": "HS256", "typ": "at+jwt", "kid": TEST_SIGNING_KEY.kid}
    unsigned = _unsigned(header, _claims()).rsplit(".", 1)[0]
    signature = hmac.new(public_bytes, unsigned.encode(), hashlib.sha256).digest()
    return f"{unsigned}.{_b64(signature)}"


def _tampered() -> str:
    head, _, signature = _signed(_claims()).split(".")
    return f"{head}.{_b64(json.dumps(_claims()).encode())}.{signature}"


_PUBLIC = TEST_SIGNING_KEY.public_key
FORGERIES: dict[str, Callable[[], str]] = {
    "garbage": lambda: "garbage",
    "three garbage parts": lambda: "a.b.c",
    "alg none": lambda: _unsigned(
        {"alg": "none", "typ": "at+jwt", "kid": TEST_SIGNING_KEY.kid}, _claims()
    ),
    "HS256 keyed with the raw public key": lambda: _hs256_with_public_key(
        _PUBLIC.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ),
    "HS256 keyed with the PEM public key": lambda: _hs256_with_public_key(
        _PUBLIC.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    ),
    "expired": lambda: _signed(_claims(iat=int(time.time()) - 1000, exp=int(time.time()) - 60)),
    "not yet valid": lambda: _signed(_claims(nbf=int(time.time()) + 120)),
    "issued in the future": lambda: _signed(_claims(iat=int(time.time()) + 120)),
    "wrong audience": lambda: _signed(_claims(aud="urn:someone:else")),
    "wrong issuer": lambda: _signed(_claims(iss="https://evil.example")),
    "no expiry": lambda: _signed(_claims(exp=None)),
    "no subject": lambda: _signed(_claims(sub=None)),
    "unknown kid": lambda: _signed(_claims(), key=_OTHER_KEY),
    "known kid, other key": lambda: _signed(_claims(), key=_OTHER_KEY, kid=TEST_SIGNING_KEY.kid),
    "tampered payload": _tampered,
    "an ID token (typ JWT)": lambda: _signed(_claims(), typ="JWT"),
}


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Client]:
    jwks = json.dumps(SigningKeyRing.of(TEST_SIGNING_KEY).jwks())
    settings = e2e_settings(database_url, signing_keys=(), jwks=jwks)
    async with http_client(create_api_app(build_container(settings))) as client:
        yield client


async def _refused(api: Client, headers: dict[str, str]) -> None:
    response = await api.get(TODOS, headers=headers)
    body = problem(response, 401)
    assert body["detail"] in {"invalid access token", "missing bearer access token"}
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_valid_token_is_accepted(api: Client) -> None:
    assert (await api.get(TODOS, headers=bearer(_signed(_claims())))).status_code == 200
    assert (await api.get(TODOS, headers=new_user())).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": ""}, {"Authorization": "Bearer"}])
async def test_no_token_is_401(api: Client, headers: dict[str, str]) -> None:
    await _refused(api, headers)


async def test_another_scheme_is_401(api: Client) -> None:
    token = _signed(_claims())
    await _refused(api, {"Authorization": f"Basic {token}"})
    await _refused(api, {"X-User-Id": str(uuid4())})


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
async def test_a_forged_or_stale_token_is_401(api: Client, forge: Callable[[], str]) -> None:
    await _refused(api, bearer(forge()))


async def test_a_refresh_token_is_not_an_access_token(database_url: str, api: Client) -> None:
    async with serving(database_url) as auth:
        email = fresh_email()
        await register(auth, email)
        tokens = await log_in(auth, email)
    await _refused(api, bearer(tokens["refresh_token"]))
    # The access token of the same login is fine, checked with the JWKS alone.
    assert (await api.get(TODOS, headers=bearer(tokens["access_token"]))).status_code == 200
