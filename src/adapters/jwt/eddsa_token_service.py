"""The `TokenService` port as EdDSA (Ed25519) JWT access tokens, the form RFC 9068 profiles.

Tokens are signed by the newest key of a `SigningKeyRing` and verified by a `JwksVerifier`
built from the whole ring, so the Auth service checks its own tokens exactly as the API service
does with the published JWKS. Times come from the `Clock` port and the `jti` from the
`IdGenerator` port, so tests fix both and no token depends on the wall clock; a caller may name
both instead, to sign a token it signed before again (the same bytes, Ed25519 being
deterministic).

A token carries `iss`, `aud`, `sub` (the user id), `iat`, `nbf`, `exp` and `jti`, whole seconds,
with `nbf = iat` and `exp = iat + ttl`; its header is `{"alg": "EdDSA", "typ": "at+jwt",
"kid": <thumbprint>}`. Nothing else goes in: an access token is readable by whoever holds it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from uuid import UUID

import jwt

from adapters.jwt.jwks_verifier import ACCESS_TOKEN_TYPE, ALGORITHM, DEFAULT_LEEWAY, JwksVerifier
from adapters.jwt.signing_keys import SigningKeyRing
from todo_core.domain.ids import UserId
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.token_service import AccessToken, TokenService

__all__ = ["DEFAULT_TTL", "EddsaTokenService"]

DEFAULT_TTL = timedelta(minutes=15)


class EddsaTokenService(TokenService):
    """Issues and verifies access tokens; `jwks()` is the document the API service trusts."""

    def __init__(  # noqa: PLR0913 - each is an independent setting of the token profile
        self,
        keys: SigningKeyRing,
        *,
        issuer: str,
        audience: str,
        clock: Clock,
        ids: IdGenerator,
        ttl: timedelta = DEFAULT_TTL,
        leeway: timedelta = DEFAULT_LEEWAY,
    ) -> None:
        if ttl < timedelta(seconds=1) or ttl % timedelta(seconds=1):
            raise ValueError("ttl must be a positive whole number of seconds")
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._clock = clock
        self._ids = ids
        self._ttl_seconds = int(ttl.total_seconds())
        # Refuses an empty issuer or audience, and a leeway above 30 s, here at construction.
        self._verifier = JwksVerifier(
            keys.public_keys(), issuer=issuer, audience=audience, clock=clock, leeway=leeway
        )

    @property
    def keys(self) -> SigningKeyRing:
        return self._keys

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """Every key's public JWK, for `/.well-known/jwks.json`."""
        return self._keys.jwks()

    def issue_access_token(
        self, user_id: UserId, *, token_id: UUID | None = None, issued_at: datetime | None = None
    ) -> AccessToken:
        # Ed25519 signatures are deterministic and pyjwt serialises the claims in this order,
        # so the same arguments sign the same token.
        when = math.floor((self._clock.now() if issued_at is None else issued_at).timestamp())
        signing_key = self._keys.newest
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(user_id),
            "iat": when,
            "nbf": when,
            "exp": when + self._ttl_seconds,
            "jti": str(self._ids.new_id() if token_id is None else token_id),
        }
        token = jwt.encode(
            claims,
            signing_key.private_key,
            algorithm=ALGORITHM,
            headers={"typ": ACCESS_TOKEN_TYPE, "kid": signing_key.kid},
        )
        return AccessToken(token=token, expires_in=self._ttl_seconds)

    def verify_access_token(self, token: str) -> UserId:
        return self._verifier.verify_access_token(token)
