"""`Idempotency-Key` on the API's POSTs: a retried request gets the first response again.

For a POST under the API's prefix that carries the header, from an identified user:

- a completed record of the same request (same fingerprint): its status, `Content-Type`,
  `ETag`, `Location` and body again, with `Idempotent-Replayed: true`; nothing runs;
- a record of another request under the key: 422; one still being served: 409;
- none: the key is claimed, the request served, and its response kept if its status is below
  500; a 5xx (or an error) releases the claim, so the client may retry with the same key.

A malformed key is 400. Requests without the header, and callers who cannot be identified
(the route then answers 401), pass through untouched. The response is held back until it is
stored, so whoever received it finds it stored. See docs/adr/0011-idempotency-keys.md.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Final

from litestar import Request
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.plugins.problem_details import ProblemDetailsException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.http.idempotency_request import (
    IDEMPOTENCY_KEY_HEADER,
    parse_idempotency_key,
    request_fingerprint,
)
from todo_core.domain.ids import UserId
from todo_core.errors import TodoError, Unauthorized, ValidationFailed
from todo_core.ports.idempotency_store import IdempotencyClaim, IdempotencyStore, StoredResponse

__all__ = ["IdempotencyMiddleware", "Identify"]

# Who is calling, as the routes see it: the same function, or replies would cross users.
Identify = Callable[[Request[Any, Any, Any]], Awaitable[UserId]]

REPLAYED_HEADER: Final = "Idempotent-Replayed"
# What a replay repeats; the rest (length, date, rate limits) belongs to each response.
_KEPT_HEADERS: Final = frozenset({"content-type", "etag", "location"})
_LOG = logging.getLogger(__name__)


class IdempotencyMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(
        self, *, store: IdempotencyStore, identify: Identify, path_prefix: str = "/api/v1/"
    ) -> None:
        self._store = store
        self._identify = identify
        self._path_prefix = path_prefix

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        # `scopes` lets only HTTP requests in: every one of them has a method.
        if scope.get("method") != "POST" or not scope["path"].startswith(self._path_prefix):
            await next_app(scope, receive, send)
            return
        request: Request[Any, Any, Any] = Request(scope, receive)
        keys = request.headers.getall(IDEMPOTENCY_KEY_HEADER, [])
        if not keys:
            await next_app(scope, receive, send)
            return
        try:
            owner = await self._identify(request)
        except Unauthorized:
            await next_app(scope, receive, send)
            return
        try:
            key = parse_idempotency_key(keys)
        except ValidationFailed as exc:
            raise _problem(400, "invalid-idempotency-key", "Invalid Idempotency-Key", exc) from exc
        # Within the app's body size limit (413 beyond it); kept for the route to read again.
        body = await request.body()
        fingerprint = request_fingerprint(
            request.method, scope["path"], scope["query_string"], body
        )

        record = await self._store.find(owner, key)
        if record is not None and record.fingerprint != fingerprint:
            raise _problem(
                422,
                "idempotency-key-reused",
                "Idempotency-Key reused",
                "This Idempotency-Key was used for another request (method, path, query or body)",
            )
        if record is not None and record.response is not None:
            await _replay(record.response, send)
            return
        claim = await self._store.reserve(owner, key, fingerprint)
        if claim is None:
            raise _problem(
                409,
                "idempotency-key-in-use",
                "Request in progress",
                "A request with this Idempotency-Key is still being served; retry later",
                headers={"Retry-After": "1"},
            )
        await self._serve(claim, scope, receive, send, next_app)

    async def _serve(
        self, claim: IdempotencyClaim, scope: Scope, receive: Receive, send: Send, app: ASGIApp
    ) -> None:
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        try:
            await app(scope, receive, hold)
        except Exception:
            await self._give_up(claim)
            raise
        response = _response_of(held)
        if response.status < 500:
            try:
                await self._store.complete(claim, response)
            except TodoError:
                # The effect has happened: the client gets its answer, and the claim stays, so
                # retries are refused (409) until it is abandoned, then run again (see the ADR).
                _LOG.exception("could not store the response of an idempotent request")
        else:
            await self._give_up(claim)
        for message in held:
            await send(message)

    async def _give_up(self, claim: IdempotencyClaim) -> None:
        try:
            await self._store.release(claim)
        except TodoError:
            # The claim stays until it is abandoned; the request's own outcome is what matters.
            _LOG.exception("could not release the claim of a failed idempotent request")


def _response_of(messages: list[Message]) -> StoredResponse:
    status, headers, body = 500, [], bytearray()
    for message in messages:
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = [
                (name.decode("latin-1").lower(), value.decode("latin-1"))
                for name, value in message.get("headers", ())
                if name.decode("latin-1").lower() in _KEPT_HEADERS
            ]
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")
    return StoredResponse(status=status, headers=tuple(headers), body=bytes(body))


async def _replay(response: StoredResponse, send: Send) -> None:
    headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers
    ]
    headers += [
        (b"content-length", str(len(response.body)).encode()),
        (REPLAYED_HEADER.lower().encode(), b"true"),
    ]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body, "more_body": False})


def _problem(
    status: int,
    slug: str,
    title: str,
    detail: str | Exception,
    *,
    headers: dict[str, str] | None = None,
) -> ProblemDetailsException:
    """The shape every problem of the API has (see `problem_details`)."""
    return ProblemDetailsException(
        status_code=status,
        type_=f"urn:todo:problem:{slug}",
        title=title,
        detail=str(detail),
        headers=headers,
        extra={"field": IDEMPOTENCY_KEY_HEADER},
    )
