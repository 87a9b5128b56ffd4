"""Who is calling: the single authentication dependency of every protected route.

A request proves its user with `Authorization: Bearer <access token>` (RFC 6750), an EdDSA JWT
the Auth service signed; it is checked locally by an `AccessTokenVerifier` (ADR 0008: the
algorithm pinned, `iss`/`aud`/`exp`/`typ` required, at most 30 s leeway), never by calling the
Auth service. Any failure is the same 401 problem with `WWW-Authenticate: Bearer`.

Every route asks for the `user` dependency, so this module alone decides who the caller is.
The API's rate limiter and the idempotency middleware need the caller before the route runs;
all three ask `verified_user`, so a request's token is verified once (a signature check and
PyJWT's parsing cost more than the rest of a small request's authentication by far).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, cast

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
    "verified_user",
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
# Where `verified_user` leaves its answer on the request's ASGI scope.
_VERIFIED = "todo.verified_access_token"


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
        return verified_user(request, token, verifier)

    return authenticated_user


def verified_user(
    request: Request[Any, Any, Any], token: str, verifier: AccessTokenVerifier
) -> UserId:
    """`verifier`'s answer for `token`, worked out once per request.

    The first layer to ask verifies and leaves the answer on the request's scope: the user, or
    the refusal, which is raised again (as a new `Unauthorized` with the same message and
    cause) so a bad token costs one check too. The answer is reused only for the same token
    and the same verifier, so a layer with another verifier, or a rewritten header, is
    checked afresh.
    """
    scope = cast("dict[str, Any]", request.scope)
    answer = scope.get(_VERIFIED)
    if answer is None or answer[0] != token or answer[1] is not verifier:
        try:
            outcome: UserId | Unauthorized = verifier.verify_access_token(token)
        except Unauthorized as refused:
            outcome = refused
        answer = (token, verifier, outcome)
        scope[_VERIFIED] = answer
    outcome = answer[2]
    if isinstance(outcome, Unauthorized):
        # A fresh exception each time: re-raising the kept one would grow its traceback.
        raise Unauthorized(str(outcome)) from outcome.__cause__
    return cast("UserId", outcome)


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
