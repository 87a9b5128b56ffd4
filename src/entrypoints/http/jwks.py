"""`/.well-known/jwks.json`: the public keys access tokens are signed with (RFC 7517)."""

from __future__ import annotations

from typing import Literal

import msgspec
from litestar import Response, get
from litestar.di import NamedDependency

from entrypoints.http.openapi_docs import constant_header, documented

__all__ = ["JsonWebKey", "JsonWebKeySet", "JwksDocument", "jwks"]

JwksDocument = dict[str, list[dict[str, str]]]
# Verifiers may cache it briefly; a rotation adds the new key a token lifetime before it signs.
_CACHE_CONTROL = "public, max-age=300"
_CACHED = constant_header("Verifiers may keep it 5 minutes.", _CACHE_CONTROL)


class JsonWebKey(msgspec.Struct):
    """One public Ed25519 key (RFC 8037); `kid` is its RFC 7638 thumbprint."""

    kty: Literal["OKP"]
    crv: Literal["Ed25519"]
    x: str
    kid: str
    use: Literal["sig"]
    alg: Literal["EdDSA"]


class JsonWebKeySet(msgspec.Struct):
    """Every key a valid token may name, newest (the signing one) first."""

    keys: list[JsonWebKey]


@get(
    "/.well-known/jwks.json",
    operation_id="getJwks",
    summary="The public keys that verify access tokens",
    tags=["auth"],
    operation_class=documented(headers={"Cache-Control": _CACHED}),
)
async def jwks(jwks_document: NamedDependency[JwksDocument]) -> Response[JsonWebKeySet]:
    # Read into the documented shape: a key of another kind fails here, not in a verifier.
    key_set = msgspec.convert(jwks_document, JsonWebKeySet)
    return Response(key_set, headers={"Cache-Control": _CACHE_CONTROL})
