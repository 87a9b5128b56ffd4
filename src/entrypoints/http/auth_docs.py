"""What the OpenAPI document says of the Auth routes beyond their signatures: the headers of
their answers and the links between them, as `headers` and `links` for their `Routes`
decorators (see `entrypoints.http.routes`)."""

from __future__ import annotations

from typing import Any, Final

from entrypoints.http.openapi_docs import ETAG, LOCATION, constant_header, link_with_body

__all__ = ["NO_STORE", "REGISTERED", "TOKEN_PAIR"]

# Token answers must not be kept by any cache (RFC 6749 section 5.1).
NO_STORE: Final = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_REFRESH_TOKEN = {"refresh_token": "$response.body#/refresh_token"}

# A token pair: not cached, and its refresh token leads to rotating it or ending the session.
TOKEN_PAIR: Final[dict[str, Any]] = {
    "headers": {
        "Cache-Control": constant_header("No cache may keep tokens.", NO_STORE["Cache-Control"]),
        "Pragma": constant_header("The same, for HTTP/1.0 caches.", NO_STORE["Pragma"]),
    },
    "links": {
        "refreshSession": link_with_body("refreshSession", _REFRESH_TOKEN, "Rotate the pair"),
        "logOut": link_with_body("logOut", _REFRESH_TOKEN, "End the session"),
    },
}
# A new account: where it lives, its version, and the login its credentials allow.
REGISTERED: Final[dict[str, Any]] = {
    "headers": {"ETag": ETAG, "Location": LOCATION},
    "links": {
        "logIn": link_with_body(
            "logIn",
            {"email": "$request.body#/email", "password": "$request.body#/password"},
            "Log in to the new account",
        )
    },
}
