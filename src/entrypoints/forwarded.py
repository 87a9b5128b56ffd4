"""The client's address behind trusted reverse proxies (`TODO_FORWARDED_ALLOW_IPS`, ADR 0009).

uvicorn's `ProxyHeadersMiddleware` does the work: when the socket peer is one of the trusted
proxies it replaces the request's client address (what the rate limits key on, and what the
access log prints) with the right-most address in `X-Forwarded-For` that is not itself a
trusted proxy, so a client cannot choose its own address by sending the header. It reads
`X-Forwarded-For` only; a proxy that sends the standard `Forwarded` header (RFC 7239) instead
has its `for=` values passed on as `X-Forwarded-For`, in order. Nothing is trusted unless
configured.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from uvicorn._types import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

__all__ = ["behind_proxies", "forwarded_for"]

# `for=` in each element of a Forwarded header: a token, or a quoted string (an IPv6 address
# with a port must be quoted: `for="[2001:db8::17]:4711"`).
_FOR: Final = re.compile(r'(?:^|[;,\s])for\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s"]+)', re.IGNORECASE)


def forwarded_for(forwarded: str) -> list[str]:
    """The `for=` values of an RFC 7239 `Forwarded` header, nearest client first, unquoted."""
    return [value.strip('"').replace('\\"', '"') for value in _FOR.findall(forwarded)]


class _ForwardedAsXForwardedFor:
    def __init__(self, app: ASGI3Application) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable
    ) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = scope["headers"]
            forwarded = [value for name, value in headers if name == b"forwarded"]
            if forwarded and not any(name == b"x-forwarded-for" for name, _ in headers):
                chain = forwarded_for(b", ".join(forwarded).decode("latin-1"))
                if chain:
                    # In place: uvicorn's access log reads this same scope.
                    scope["headers"] = [*headers, (b"x-forwarded-for", ", ".join(chain).encode())]
        await self.app(scope, receive, send)


def behind_proxies(app: ASGI3Application, trusted: Sequence[str]) -> ASGI3Application:
    """`app`, seeing clients through the `trusted` proxies; unchanged when none is trusted."""
    if not trusted:
        return app
    return _ForwardedAsXForwardedFor(ProxyHeadersMiddleware(app, trusted_hosts=list(trusted)))
