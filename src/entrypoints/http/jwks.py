"""`/.well-known/jwks.json`: the public keys access tokens are signed with (RFC 7517)."""

from __future__ import annotations

from litestar import Response, get
from litestar.di import NamedDependency

__all__ = ["JwksDocument", "jwks"]

JwksDocument = dict[str, list[dict[str, str]]]
# Verifiers may cache it briefly; a rotation adds the new key a token lifetime before it signs.
_CACHE = {"Cache-Control": "public, max-age=300"}


@get(
    "/.well-known/jwks.json",
    operation_id="jwks",
    summary="The public keys that verify access tokens",
    tags=["auth"],
)
async def jwks(jwks_document: NamedDependency[JwksDocument]) -> Response[JwksDocument]:
    return Response(jwks_document, headers=_CACHE)
