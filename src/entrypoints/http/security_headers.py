"""Headers every response carries, errors and 404s included, and the CORS allow-list.

Added by a `before_send` hook, which Litestar runs on the outermost `send`, so no answer
escapes it (a route's own headers win where they overlap, e.g. the JWKS's `Cache-Control`):

- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`;
- `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`: a JSON API loads
  nothing and is framed by no one. The HTML pages of the OpenAPI viewers under `/schema` are
  the exception (they load their scripts), so HTML answers do not get it;
- `Cache-Control: no-store` unless the route set its own: tokens and every user's data are
  personal, and no shared cache may keep them.
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

__all__ = ["SECURITY_HEADERS", "add_security_headers", "cors_config"]

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_CSP = "default-src 'none'; frame-ancestors 'none'"
_NO_STORE = "no-store"


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    if not headers.get("Content-Type", "").startswith("text/html"):
        headers["Content-Security-Policy"] = _CSP
    if "Cache-Control" not in headers:
        headers["Cache-Control"] = _NO_STORE


def cors_config(allow_origins: Sequence[str]) -> CORSConfig | None:
    """CORS for the listed origins only; none listed, no CORS (browsers keep same-origin)."""
    if not allow_origins:
        return None
    return CORSConfig(
        allow_origins=list(allow_origins),
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
        ],
        expose_headers=[
            "ETag",
            "Location",
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "RateLimit-Policy",
        ],
        # Bearer tokens, not cookies: credentialed CORS is never needed.
        allow_credentials=False,
    )
