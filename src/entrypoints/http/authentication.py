"""Who is calling: the single authentication dependency of every protected route.

A request proves its user with `Authorization: Bearer <access token>` (RFC 6750), an EdDSA JWT
the Auth service signed; it is checked locally by an `AccessTokenVerifier` (ADR 0008: the
algorithm pinned, `iss`/`aud`/`exp`/`typ` required, at most 30 s leeway), never by calling the
Auth service. Any failure is the same 401 problem with `WWW-Authenticate: Bearer`.

Every route asks for the `user` dependency, so this module alone decides who the caller is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from litestar import Request
from litestar.di import Provide
from litestar.openapi.spec import Reference, SecurityScheme

from todo_core.domain.ids import UserId
from todo_core.errors import Unauthorized

__all__ = [
    "BEARER_SECURITY",
    "BEARER_SECURITY_SCHEME",
    "AccessTokenVerifier",
    "bearer_token",
    "request_identifier",
    "request_user",
    "user_dependency",
]

_SCHEME = "bearer"
# The OpenAPI description of the scheme, and the requirement protected routes declare.
BEARER_SECURITY_SCHEME: dict[str, SecurityScheme | Reference] = {
    "bearerAuth": SecurityScheme(
        type="http",
        scheme="bearer",
        bearer_format="JWT",
        description="An EdDSA access token from POST /auth/login or /auth/refresh.",
    )
}
BEARER_SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]
_MISSING = "missing bearer access token"


class AccessTokenVerifier(Protocol):
    def verify_access_token(self, token: str) -> UserId:
        """The user the token names; `Unauthorized` for any token it does not trust."""
        ...


def bearer_token(request: Request[Any, Any, Any]) -> str | None:
    """The token of an `Authorization: Bearer ...` header (scheme case-insensitive), if any."""
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != _SCHEME or not token:
        return None
    return token


def request_user(verifier: AccessTokenVerifier) -> Callable[[Request[Any, Any, Any]], UserId]:
    """The verified user id of a request's bearer token; `Unauthorized` without a valid one."""

    def authenticated_user(request: Request[Any, Any, Any]) -> UserId:
        token = bearer_token(request)
        if token is None:
            raise Unauthorized(_MISSING)
        return verifier.verify_access_token(token)

    return authenticated_user


def user_dependency(verifier: AccessTokenVerifier) -> Provide:
    """The `user` dependency: the verified user id of the request's bearer token."""
    # Verifying an Ed25519 signature takes microseconds: no thread hop.
    return Provide(request_user(verifier), sync_to_thread=False)


def request_identifier(
    verifier: AccessTokenVerifier,
) -> Callable[[Request[Any, Any, Any]], Awaitable[UserId]]:
    """The same check as the `user` dependency, for middleware that must know the caller first."""
    user_of = request_user(verifier)

    async def identify(request: Request[Any, Any, Any]) -> UserId:
        return user_of(request)

    return identify
