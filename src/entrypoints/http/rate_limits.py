"""Rate limits on Litestar's `RateLimitMiddleware` (ADR 0009): its counters, store, `RateLimit-*`
headers and 429; this module only decides which requests count and under which key.

- Per client address, on each credential route (login, register, refresh) separately.
- Per e-mail address, on login and register: the e-mail is in the JSON body, which Litestar's
  synchronous `identifier_for_request` cannot read, so `EmailRateLimitMiddleware` reads the
  body first, decodes it in the (asynchronous) `should_check_request` step, exactly as the
  handler will (`json_body`), and leaves the e-mail on the scope for the identifier. Litestar
  keeps the body and its JSON on the connection, so the handler decodes nothing again; a body
  that is not JSON or names no e-mail is not counted here (the handler refuses it anyway).
- Per client address on logout too: it takes no credentials, but every request to it costs a
  database write.
- Per user on the API (`/api/...`): the verified token's subject, else the client address.

A route opts in to the credential limits through its `opt` (see `LIMIT_BY_ADDRESS`,
`LIMIT_BY_EMAIL`). Every 429 also carries `Retry-After` (the window's reset, at least 1 s).
"""

from __future__ import annotations

from typing import Any, cast

import anyio
from litestar import Request
from litestar.exceptions import HTTPException, TooManyRequestsException
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.rate_limit import RateLimitConfig, RateLimitMiddleware, get_remote_address
from litestar.stores.memory import MemoryStore
from litestar.types import ASGIApp, Receive, Scope, Send

from entrypoints.http.authentication import AccessTokenVerifier, bearer_token, verified_user
from todo_core.domain.email_address import EmailAddress
from todo_core.errors import Unauthorized, ValidationFailed

__all__ = [
    "LIMIT_BY_ADDRESS",
    "LIMIT_BY_EMAIL",
    "api_rate_limit",
    "credential_rate_limits",
    "rate_limit_store",
]

LIMIT_BY_ADDRESS = "limit_by_address"
LIMIT_BY_EMAIL = "limit_by_email"
_EMAIL_KEY = "todo.rate_limit.email"
_API_PREFIX = "/api/"
# Paths each limiter never counts, matched before the middleware builds a Request: the
# credential limits apply only under /auth/ (where routes opt in), the API's only under /api/.
# Without them every request paid for three limiters, most of what `/health/live` costs.
# (Not "/" itself: Litestar takes a pattern matching "/" for one that matches everything.)
_OUTSIDE_AUTH = r"^/(?!auth/|$)"
_OUTSIDE_API = r"^/(?!api/|$)"


def rate_limit_store() -> MemoryStore:
    """Where the limiters keep their counts: Litestar's in-memory store, whose lock does not
    yield to the event loop when nobody holds it (see `_fast_lock`)."""
    store = MemoryStore()
    store._lock = _fast_lock()  # its only lock: Litestar offers no other way to set it
    return store


def _fast_lock() -> anyio.Lock:
    # anyio's Lock, by default, lets other tasks run on every acquire, even of a free lock; a
    # limited request takes three (the middleware's around its count, and the store's get and
    # set), and those three extra turns of the event loop were a tenth of a small API
    # request's CPU. Waiting for a lock that is held is the same either way.
    return anyio.Lock(fast_acquire=True)


class _RetryAfterRateLimitMiddleware(RateLimitMiddleware):
    """Litestar's middleware, with `Retry-After` (RFC 9110 section 10.2.3) on its 429."""

    def __init__(self, app: ASGIApp, config: RateLimitConfig) -> None:
        super().__init__(app, config)
        self._lock = _fast_lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except TooManyRequestsException as error:
            headers = dict(error.headers or {})
            reset = headers.get(self.config.rate_limit_reset_header_key, "1")
            headers.setdefault("Retry-After", str(max(1, int(reset))))
            raise TooManyRequestsException(headers=headers) from error


class EmailRateLimitMiddleware(_RetryAfterRateLimitMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Litestar's middleware builds its Request without `receive`; read the body here, where
        # it can be: Litestar keeps it on the connection for every later reader.
        request: Request[Any, Any, Any] = scope["litestar_app"].request_class(scope, receive)
        if request.route_handler.opt.get(LIMIT_BY_EMAIL):
            await request.body()
        await super().__call__(scope, receive, send)

    async def should_check_request(self, request: Request[Any, Any, Any]) -> bool:
        if not request.route_handler.opt.get(LIMIT_BY_EMAIL):
            return False
        try:
            body = await request.json()
        except HTTPException:  # not JSON: the handler answers 400 or 415
            return False
        raw = body.get("email") if isinstance(body, dict) else None
        if not isinstance(raw, str):
            return False
        cast("dict[str, Any]", request.scope)[_EMAIL_KEY] = _normalised(raw)
        return True


def _normalised(raw: str) -> str:
    """One key per mailbox, however the client spells it (case, surrounding space)."""
    try:
        return EmailAddress.parse(raw).value
    except ValidationFailed:
        return raw.strip().casefold()


def _route(request: Request[Any, Any, Any]) -> str:
    return str(request.route_handler.handler_name)


def _by_address(request: Request[Any, Any, Any]) -> str:
    return f"address:{_route(request)}:{get_remote_address(request)}"


def _by_email(request: Request[Any, Any, Any]) -> str:
    return f"email:{_route(request)}:{cast('dict[str, Any]', request.scope)[_EMAIL_KEY]}"


# The throttle checks are coroutine functions, though they do no I/O: Litestar runs a plain
# function given as `check_throttle_handler` in a worker thread, and that thread hop on every
# request cost more than all the rest of a `/health/live` response.
async def _opted_in(request: Request[Any, Any, Any]) -> bool:
    return bool(request.route_handler.opt.get(LIMIT_BY_ADDRESS))


def credential_rate_limits(*, per_address: int, per_email: int) -> list[DefineMiddleware]:
    """The limits of the credential routes, per minute; a limit of 0 is no limit."""
    middleware = []
    if per_address:
        config = RateLimitConfig(
            rate_limit=("minute", per_address),
            identifier_for_request=_by_address,
            check_throttle_handler=_opted_in,
            exclude=_OUTSIDE_AUTH,
            middleware_class=_RetryAfterRateLimitMiddleware,
        )
        middleware.append(config.middleware)
    if per_email:
        config = RateLimitConfig(
            rate_limit=("minute", per_email),
            identifier_for_request=_by_email,
            middleware_class=EmailRateLimitMiddleware,
            exclude=_OUTSIDE_AUTH,
        )
        middleware.append(config.middleware)
    return middleware


def api_rate_limit(per_user: int, verifier: AccessTokenVerifier) -> list[DefineMiddleware]:
    """The API's limit per minute, per user; anonymous requests count per address."""

    def by_user(request: Request[Any, Any, Any]) -> str:
        token = bearer_token(request)
        if token is not None:
            try:
                return f"user:{verified_user(request, token, verifier)}"
            except Unauthorized:
                pass
        return f"address:{get_remote_address(request)}"

    async def on_the_api(request: Request[Any, Any, Any]) -> bool:
        return request.scope["path"].startswith(_API_PREFIX)

    if not per_user:
        return []
    config = RateLimitConfig(
        rate_limit=("minute", per_user),
        identifier_for_request=by_user,
        check_throttle_handler=on_the_api,
        middleware_class=_RetryAfterRateLimitMiddleware,
        exclude=_OUTSIDE_API,
    )
    return [config.middleware]
