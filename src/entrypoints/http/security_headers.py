"""Headers every response carries, errors and 404s included, and the CORS allow-list.

Added by a `before_send` hook, which Litestar runs on the outermost `send`, so no answer
escapes it (a route's own headers win where they overlap, e.g. the JWKS's `Cache-Control`):

- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`;
- `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`: a JSON API loads
  nothing and is framed by no one. The one HTML page, the documentation viewer under `/schema`
  (`api_docs_ui`), gets `DOCS_CSP` instead: scripts, styles and fetches from its own origin
  only, images also as `data:` URLs (Swagger UI's icons);
- `Cache-Control: no-store` unless the route set its own: tokens and every user's data are
  personal, and no shared cache may keep them.
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar.config.cors import CORSConfig
from litestar.types import Message, Scope

__all__ = ["DOCS_CSP", "SECURITY_HEADERS", "add_security_headers", "cors_config"]

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_CSP = "default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_NO_STORE = "no-store"


# As raw ASGI header pairs, built once: this runs on every response, so it works on the raw
# list in one pass rather than through a headers object that searches the list per header.
_FIXED = tuple((name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items())
_CSP_PAIR = (b"content-security-policy", _CSP.encode())
_DOCS_CSP_PAIR = (b"content-security-policy", DOCS_CSP.encode())
_NO_STORE_PAIR = (b"cache-control", _NO_STORE.encode())
_REPLACED = frozenset({*(name for name, _ in _FIXED), _CSP_PAIR[0]})


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = [(name.lower(), value) for name, value in message.get("headers", ())]
    html = any(n == b"content-type" and v.startswith(b"text/html") for n, v in headers)
    # The fixed headers and the CSP replace the route's own.
    kept = [(name, value) for name, value in headers if name not in _REPLACED]
    added = [*_FIXED, _DOCS_CSP_PAIR if html else _CSP_PAIR]
    if not any(name == b"cache-control" for name, _ in kept):
        added.append(_NO_STORE_PAIR)
    message["headers"] = kept + added


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
