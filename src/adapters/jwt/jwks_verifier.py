"""Checking access tokens with public keys only, so the API service never holds a private key.

The API service reads the Auth service's JWKS and verifies; only the Auth service signs. The
same `JwksVerifier` sits inside `EddsaTokenService`, so both check tokens with one code path.

What is trusted, and in which order (RFC 8725, RFC 9068 section 4):

1. the token is short (an Ed25519 access token is about 400 characters) and compact-serialised;
2. the header says `alg: EdDSA`, and pyjwt is told to accept EdDSA and nothing else: the
   algorithm is pinned here, never taken from the token, which defeats `alg: none` and
   the HS256-with-the-public-key confusion;
3. `typ` is `at+jwt` (or its full media type `application/at+jwt`, which RFC 9068 and
   RFC 7515 section 4.1.9 make equal), so an ID token or another JWT from the same issuer
   is not an access token;
4. `kid` names a key in the ring; there is no fallback to "try every key";
5. the Ed25519 signature verifies with that key (pyjwt);
6. `iss`, `aud`, `sub`, `iat`, `nbf`, `exp`, `jti` are all present; `iss` and `aud` equal the
   configured values exactly (pyjwt; `aud` must be a single string, as we issue it);
7. the times hold against the injected `Clock`, with at most 30 s leeway for clock skew.

Time is checked here, not by pyjwt: pyjwt compares `exp`, `nbf` and `iat` with its own
`datetime.now()` and takes no "now" argument, so its time checks are switched off and this
module compares the claims with `clock.now()`, using pyjwt's own boundaries: a token is
refused once `exp <= now - leeway`, and while `nbf > now + leeway` or `iat > now + leeway`.

Every refusal is the same `Unauthorized("invalid access token")`: the message reaches the
client, so it says nothing about which check failed; the reason is chained as the cause, for
the logs.

A client sends the same token with every request for its whole lifetime, and everything but
the time checks (steps 1 to 6) depends only on the token and this verifier's fixed keys, issuer
and audience. So a token that passed them is remembered with its claims (a bounded number, the
oldest forgotten first) and the next request with it only repeats step 7: the same answers,
without PyJWT's parsing and a signature check per request, which were most of a small API
request's CPU time. Only tokens with a valid signature are remembered, so nobody can fill the
memory with made-up ones.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.jwt.signing_keys import base64url_decode, jwk_thumbprint
from todo_core.domain.ids import UserId
from todo_core.errors import Unauthorized
from todo_core.ports.clock import Clock

__all__ = [
    "ACCESS_TOKEN_TYPE",
    "ALGORITHM",
    "DEFAULT_LEEWAY",
    "INVALID_ACCESS_TOKEN",
    "MAX_LEEWAY",
    "MAX_TOKEN_LENGTH",
    "REQUIRED_CLAIMS",
    "JwksVerifier",
    "check_leeway",
    "public_keys_from_jwks",
]

ALGORITHM = "EdDSA"
ACCESS_TOKEN_TYPE = "at+jwt"  # noqa: S105 - a media type, not a secret
_ACCEPTED_TYPES = frozenset({ACCESS_TOKEN_TYPE, f"application/{ACCESS_TOKEN_TYPE}"})
REQUIRED_CLAIMS = ("iss", "aud", "sub", "iat", "nbf", "exp", "jti")
MAX_LEEWAY = timedelta(seconds=30)
DEFAULT_LEEWAY = MAX_LEEWAY
MAX_TOKEN_LENGTH = 8192
INVALID_ACCESS_TOKEN = "invalid access token"  # noqa: S105 - a message, not a secret
_ED25519_PUBLIC_KEY_LENGTH = 32
# How many verified tokens a verifier remembers: far more than the callers one process serves
# within a token's lifetime, at well under a kilobyte each.
VERIFIED_TOKENS_KEPT = 4096
# PyJWT's arguments, the same for every token: built once.
_ALGORITHMS = [ALGORITHM]
_DECODE_OPTIONS: Any = {
    "require": list(REQUIRED_CLAIMS),
    "strict_aud": True,
    # Checked below against the Clock port; pyjwt would use its own wall clock.
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
}


class _Rejected(Exception):
    """Why a token was refused: the cause of the `Unauthorized`, kept out of its message."""


def check_leeway(leeway: timedelta) -> timedelta:
    """`leeway` if it is between zero and `MAX_LEEWAY`; a `ValueError` at start-up otherwise."""
    if not timedelta(0) <= leeway <= MAX_LEEWAY:
        raise ValueError(f"leeway must be between 0 and {MAX_LEEWAY.total_seconds():g} seconds")
    return leeway


def public_keys_from_jwks(
    document: str | bytes | Mapping[str, Any],
) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 public keys of a JWK Set, by thumbprint `kid`.

    Strict, because a bad JWKS is a deployment mistake best caught at start-up: every key must
    be a public Ed25519 OKP key for EdDSA signatures, a `kid`, when given, must be the key's
    thumbprint, and a key carrying its private part (`d`) is refused rather than used.
    """
    parsed: Any = json.loads(document) if isinstance(document, str | bytes) else document
    keys = parsed.get("keys") if isinstance(parsed, Mapping) else None
    if not isinstance(keys, list) or not keys:
        raise ValueError('a JWKS is an object whose "keys" is a non-empty list')
    public_keys: dict[str, Ed25519PublicKey] = {}
    for jwk in keys:
        key = _public_key_from_jwk(jwk)
        public_keys[jwk_thumbprint(key)] = key
    return public_keys


def _public_key_from_jwk(jwk: object) -> Ed25519PublicKey:
    if not isinstance(jwk, Mapping):
        raise ValueError("every JWKS entry must be a JSON object")
    if "d" in jwk:
        raise ValueError("the JWKS holds a private key: refusing it, rotate that key")
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise ValueError("every JWKS key must be an Ed25519 OKP key")
    if jwk.get("use", "sig") != "sig" or jwk.get("alg", ALGORITHM) != ALGORITHM:
        raise ValueError(f'every JWKS key must be for "sig" with "{ALGORITHM}"')
    x = jwk.get("x")
    if not isinstance(x, str):
        raise ValueError('a JWKS key has no "x"')
    raw = base64url_decode(x)
    if len(raw) != _ED25519_PUBLIC_KEY_LENGTH:
        raise ValueError('a JWKS key\'s "x" is not 32 bytes')
    key = Ed25519PublicKey.from_public_bytes(raw)
    kid = jwk.get("kid")
    if kid is not None and kid != jwk_thumbprint(key):
        raise ValueError(f"JWKS kid {kid!r} is not the key's RFC 7638 thumbprint")
    return key


@dataclass(frozen=True, slots=True)
class _Verified:
    """What a token that passed every check but the time checks says: whom, and when."""

    user_id: UserId
    expires: float
    not_before: float
    issued: float


class JwksVerifier:
    """Verifies access tokens against a fixed set of Ed25519 public keys; cannot issue any."""

    def __init__(
        self,
        public_keys: Mapping[str, Ed25519PublicKey],
        *,
        issuer: str,
        audience: str,
        clock: Clock,
        leeway: timedelta = DEFAULT_LEEWAY,
    ) -> None:
        if not public_keys:
            raise ValueError("a verifier needs at least one public key")
        for kid, key in public_keys.items():
            if not _is_named_by_thumbprint(kid, key):
                raise ValueError(f"key {kid!r}: expected an Ed25519 key under its thumbprint")
        if not issuer or not audience:
            raise ValueError("issuer and audience must not be empty")
        self._public_keys = dict(public_keys)
        self._issuer = issuer
        self._audience = audience
        self._clock = clock
        self._leeway = check_leeway(leeway).total_seconds()
        # Tokens that passed every check but the time checks, oldest first (see the module).
        self._verified: dict[str, _Verified] = {}
        self._verified_lock = threading.Lock()

    @classmethod
    def from_jwks(
        cls,
        document: str | bytes | Mapping[str, Any],
        *,
        issuer: str,
        audience: str,
        clock: Clock,
        leeway: timedelta = DEFAULT_LEEWAY,
    ) -> JwksVerifier:
        """A verifier trusting every key of a JWK Set (see `public_keys_from_jwks`)."""
        return cls(
            public_keys_from_jwks(document),
            issuer=issuer,
            audience=audience,
            clock=clock,
            leeway=leeway,
        )

    @property
    def kids(self) -> frozenset[str]:
        return frozenset(self._public_keys)

    def verify_access_token(self, token: str) -> UserId:
        """The user the token names; `Unauthorized` for any token it does not trust."""
        try:
            return self._verify(token)
        except (_Rejected, jwt.PyJWTError, ValueError, TypeError, ArithmeticError) as error:
            raise Unauthorized(INVALID_ACCESS_TOKEN) from error

    def _verify(self, token: object) -> UserId:
        # `object`, not `str`: callers are typed, but a missing header may still arrive as None.
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
            raise _Rejected("missing, empty or oversized token")
        verified = self._verified.get(token)
        if verified is None:
            verified = self._check_signed(token)
            self._remember(token, verified)
        self._check_times(verified)
        return verified.user_id

    def _check_signed(self, token: str) -> _Verified:
        """Steps 1 to 6: everything that depends on the token and this verifier alone."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise _Rejected(f"alg {header.get('alg')!r} is not {ALGORITHM}")
        typ = header.get("typ")
        if not isinstance(typ, str) or typ not in _ACCEPTED_TYPES:
            raise _Rejected(f"typ {typ!r} is not {ACCESS_TOKEN_TYPE}")
        kid = header.get("kid")
        key = self._public_keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise _Rejected(f"kid {kid!r} names no known key")
        claims = jwt.decode(
            token,
            key,
            algorithms=_ALGORITHMS,
            issuer=self._issuer,
            audience=self._audience,
            options=_DECODE_OPTIONS,
        )
        jti = claims["jti"]
        if not isinstance(jti, str) or not jti:
            raise _Rejected("jti is not a non-empty string")
        return _Verified(
            user_id=_user_id(claims["sub"]),
            expires=_numeric_date(claims, "exp"),
            not_before=_numeric_date(claims, "nbf"),
            issued=_numeric_date(claims, "iat"),
        )

    def _remember(self, token: str, verified: _Verified) -> None:
        with self._verified_lock:
            if len(self._verified) >= VERIFIED_TOKENS_KEPT:
                del self._verified[next(iter(self._verified))]
            self._verified[token] = verified

    def _check_times(self, verified: _Verified) -> None:
        now = self._clock.now().timestamp()
        # Claims are compared with `now +/- leeway`, never added to: an int too large for a
        # float compares fine but would overflow in arithmetic.
        if verified.expires <= now - self._leeway:
            raise _Rejected("expired")
        if verified.not_before > now + self._leeway:
            raise _Rejected("not valid yet (nbf)")
        if verified.issued > now + self._leeway:
            raise _Rejected("issued in the future (iat)")


def _is_named_by_thumbprint(kid: str, key: object) -> bool:
    return isinstance(key, Ed25519PublicKey) and kid == jwk_thumbprint(key)


def _numeric_date(claims: Mapping[str, Any], name: str) -> float:
    value = claims[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Rejected(f"{name} is not a NumericDate")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Rejected(f"{name} is not finite")
    return value


def _user_id(subject: object) -> UserId:
    """`sub` as a user id, in the canonical UUID spelling only (one token, one spelling)."""
    if not isinstance(subject, str):
        raise _Rejected("sub is not a string")
    user_id = UUID(subject)
    if str(user_id) != subject:
        raise _Rejected("sub is not a canonical UUID")
    return UserId(user_id)
