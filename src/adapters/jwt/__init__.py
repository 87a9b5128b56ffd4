"""EdDSA (Ed25519) JWT access tokens: issuing with a rotating key ring, verifying from a JWKS."""

from adapters.jwt.eddsa_token_service import DEFAULT_TTL, EddsaTokenService
from adapters.jwt.jwks_verifier import (
    DEFAULT_LEEWAY,
    MAX_LEEWAY,
    JwksVerifier,
    public_keys_from_jwks,
)
from adapters.jwt.signing_keys import (
    DEFAULT_KEY_FILENAME,
    SigningKey,
    SigningKeyRing,
    jwk_thumbprint,
    load_or_create_signing_key,
)

__all__ = [
    "DEFAULT_KEY_FILENAME",
    "DEFAULT_LEEWAY",
    "DEFAULT_TTL",
    "MAX_LEEWAY",
    "EddsaTokenService",
    "JwksVerifier",
    "SigningKey",
    "SigningKeyRing",
    "jwk_thumbprint",
    "load_or_create_signing_key",
    "public_keys_from_jwks",
]
