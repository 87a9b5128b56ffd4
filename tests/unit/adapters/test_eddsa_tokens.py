"""EdDSA access tokens: the round trip, the exact token profile, and every forgery refused.

Keys are generated once for the module (Ed25519 in microseconds, RSA and EC for the
wrong-algorithm cases once, lazily), and time comes from the `FixedClock`, so the file runs in
a fraction of a second and never depends on the wall clock.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import math
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import Any, cast
from uuid import UUID

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.jwt import (
    EddsaTokenService,
    JwksVerifier,
    SigningKey,
    SigningKeyRing,
    jwks_verifier,
)
from tests.support.fakes import FixedClock, SequentialIds
from todo_core.domain.ids import UserId
from todo_core.errors import Unauthorized
from todo_core.ports.token_service import TokenService

ISSUER = "https://auth.todo.test"
AUDIENCE = "todo-api"
USER = UserId(UUID("00000000-0000-4000-8000-00000000a11c"))
TTL = 15 * 60

KEY = SigningKey.generate()
OLD_KEY = SigningKey.generate()
STRANGER = SigningKey.generate()  # never in any ring

Token = str
Claims = dict[str, Any]


@cache
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_service(
    clock: FixedClock,
    ring: SigningKeyRing | None = None,
    *,
    leeway: timedelta = timedelta(seconds=30),
) -> EddsaTokenService:
    return EddsaTokenService(
        ring or SigningKeyRing.of(KEY),
        issuer=ISSUER,
        audience=AUDIENCE,
        clock=clock,
        ids=SequentialIds(),
        leeway=leeway,
    )


@pytest.fixture
def service(clock: FixedClock) -> EddsaTokenService:
    return make_service(clock)


# Building tokens by hand ---------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def segment(value: Claims) -> str:
    return b64(json.dumps(value, separators=(",", ":")).encode())


def compact(header: Claims, claims: Claims, signature: bytes = b"") -> Token:
    return f"{segment(header)}.{segment(claims)}.{b64(signature)}"


def parts(token: Token) -> tuple[Claims, Claims, bytes]:
    header, payload, signature = token.split(".")
    return json.loads(unb64(header)), json.loads(unb64(payload)), unb64(signature)


def claims_at(now: int, **changes: Any) -> Claims:
    """A valid claim set issued at `now`; a change to `None` drops that claim."""
    claims: Claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(USER),
        "iat": now,
        "nbf": now,
        "exp": now + TTL,
        "jti": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def signed(
    claims: Claims, *, key: SigningKey = KEY, kid: str | None = None, typ: str | None = "at+jwt"
) -> Token:
    """Claims signed with a real Ed25519 key, the way an attacker holding it would sign them."""
    headers: Claims = {"typ": typ, "kid": key.kid if kid is None else kid}
    if kid == "":
        del headers["kid"]
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers=headers)


def hmac_signed(claims: Claims, secret: bytes) -> Token:
    """HS256 with `secret`, written by hand: pyjwt itself refuses a PEM key as an HMAC secret."""
    header = {"alg": "HS256", "typ": "at+jwt", "kid": KEY.kid}
    signing_input = f"{segment(header)}.{segment(claims)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


def public_pem() -> bytes:
    return KEY.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_raw() -> bytes:
    return KEY.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def now_of(clock: FixedClock) -> int:
    return int(clock.now().timestamp())


# The round trip and the profile --------------------------------------------------------------


def test_the_service_implements_the_port() -> None:
    assert TokenService in EddsaTokenService.__mro__


def test_an_issued_token_verifies_as_its_user(service: EddsaTokenService) -> None:
    issued = service.issue_access_token(USER)

    assert service.verify_access_token(issued.token) == USER
    assert issued.expires_in == TTL


def test_the_header_and_claims_are_exactly_the_profile(
    service: EddsaTokenService, clock: FixedClock
) -> None:
    header, claims, signature = parts(service.issue_access_token(USER).token)
    now = now_of(clock)

    assert header == {"alg": "EdDSA", "typ": "at+jwt", "kid": KEY.kid}
    assert claims == {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(USER),
        "iat": now,
        "nbf": now,
        "exp": now + TTL,
        "jti": str(SequentialIds().new_id()),
    }
    assert len(signature) == 64  # an Ed25519 signature


def test_every_token_has_its_own_jti(service: EddsaTokenService) -> None:
    jtis = {parts(service.issue_access_token(USER).token)[1]["jti"] for _ in range(3)}
    assert len(jtis) == 3


def test_a_named_id_and_time_sign_the_same_token_again(
    service: EddsaTokenService, clock: FixedClock
) -> None:
    token_id, issued_at = UUID(int=42), clock.now() - timedelta(seconds=5)
    first = service.issue_access_token(USER, token_id=token_id, issued_at=issued_at).token
    clock.advance(timedelta(seconds=3))

    again = service.issue_access_token(USER, token_id=token_id, issued_at=issued_at).token

    assert again == first
    claims = parts(first)[1]
    assert (claims["jti"], claims["iat"]) == (str(token_id), math.floor(issued_at.timestamp()))
    assert service.verify_access_token(first) == USER
    assert (
        service.issue_access_token(USER, token_id=UUID(int=43), issued_at=issued_at).token != first
    )


def test_a_token_expires_at_exactly_the_ttl(clock: FixedClock) -> None:
    service = make_service(clock, leeway=timedelta(0))
    token = service.issue_access_token(USER).token

    clock.advance(timedelta(seconds=TTL - 1))
    assert service.verify_access_token(token) == USER
    clock.advance(timedelta(seconds=1))
    with pytest.raises(Unauthorized):
        service.verify_access_token(token)


def test_an_expired_token_is_refused_once_past_the_leeway(
    service: EddsaTokenService, clock: FixedClock
) -> None:
    token = service.issue_access_token(USER).token

    clock.advance(timedelta(seconds=TTL + 29))
    assert service.verify_access_token(token) == USER
    clock.advance(timedelta(seconds=2))  # 31 s late
    with pytest.raises(Unauthorized):
        service.verify_access_token(token)


@pytest.mark.parametrize(("claim", "early", "accepted"), [("nbf", 29, True), ("nbf", 31, False)])
def test_the_leeway_also_covers_a_token_not_yet_valid(
    service: EddsaTokenService, clock: FixedClock, claim: str, early: int, accepted: bool
) -> None:
    now = now_of(clock)
    token = signed(claims_at(now, **{claim: now + early}))

    if accepted:
        assert service.verify_access_token(token) == USER
    else:
        with pytest.raises(Unauthorized):
            service.verify_access_token(token)


# Forgeries and misuse: each must be Unauthorized ---------------------------------------------


Forger = Callable[[int], Token]

ATTACKS: dict[str, Forger] = {
    "no token": lambda now: cast(str, None),
    "empty": lambda now: "",
    "garbage": lambda now: "not a token",
    "three garbage segments": lambda now: "a.b.c",
    "only dots": lambda now: "..",
    "a header and nothing else": lambda now: segment({"alg": "EdDSA", "typ": "at+jwt"}),
    "oversized": lambda now: signed(claims_at(now, pad="x" * 10_000)),
    "opaque refresh token": lambda now: secrets.token_urlsafe(32),
    "alg none, unsigned": lambda now: compact(
        {"alg": "none", "typ": "at+jwt", "kid": KEY.kid}, claims_at(now)
    ),
    "alg None, unsigned": lambda now: compact(
        {"alg": "None", "typ": "at+jwt", "kid": KEY.kid}, claims_at(now)
    ),
    "alg EdDSA, no signature": lambda now: compact(
        {"alg": "EdDSA", "typ": "at+jwt", "kid": KEY.kid}, claims_at(now)
    ),
    "HS256 keyed with the public key's PEM": lambda now: hmac_signed(claims_at(now), public_pem()),
    "HS256 keyed with the public key's raw bytes": lambda now: hmac_signed(
        claims_at(now), public_raw()
    ),
    "HS256 keyed with the public JWK's x": lambda now: hmac_signed(
        claims_at(now), KEY.public_jwk()["x"].encode()
    ),
    "RS256 with our kid": lambda now: jwt.encode(
        claims_at(now), rsa_key(), algorithm="RS256", headers={"typ": "at+jwt", "kid": KEY.kid}
    ),
    "ES256 with our kid": lambda now: jwt.encode(
        claims_at(now), ec_key(), algorithm="ES256", headers={"typ": "at+jwt", "kid": KEY.kid}
    ),
    "not yet valid, beyond the leeway": lambda now: signed(claims_at(now, nbf=now + 31)),
    "issued in the future, beyond the leeway": lambda now: signed(
        claims_at(now, iat=now + 31, nbf=now)
    ),
    "expired long ago": lambda now: signed(claims_at(now - 2 * TTL)),
    "wrong audience": lambda now: signed(claims_at(now, aud="another-api")),
    "audience as a list": lambda now: signed(claims_at(now, aud=[AUDIENCE])),
    "wrong issuer": lambda now: signed(claims_at(now, iss="https://evil.test")),
    "issuer differing in case": lambda now: signed(claims_at(now, iss=ISSUER.upper())),
    "unknown kid": lambda now: signed(claims_at(now), kid="unknown"),
    "no kid": lambda now: signed(claims_at(now), kid=""),
    "no typ": lambda now: signed(claims_at(now), typ=None),
    "typ JWT": lambda now: signed(claims_at(now), typ="JWT"),
    "typ of an ID token": lambda now: signed(claims_at(now), typ="id_token+jwt"),
    "another Ed25519 key claiming our kid": lambda now: signed(
        claims_at(now), key=STRANGER, kid=KEY.kid
    ),
    "another Ed25519 key under its own kid": lambda now: signed(claims_at(now), key=STRANGER),
    "sub not a UUID": lambda now: signed(claims_at(now, sub="alice")),
    "sub a UUID in another spelling": lambda now: signed(claims_at(now, sub=str(USER).upper())),
    "sub a number": lambda now: signed(claims_at(now, sub=42)),
    "empty jti": lambda now: signed(claims_at(now, jti="")),
    "exp a string": lambda now: signed(claims_at(now, exp=str(now + TTL))),
    "exp a boolean": lambda now: signed(claims_at(now, exp=True)),
    "nbf a string": lambda now: signed(claims_at(now, nbf="0")),
    "payload not an object": lambda now: jwt.api_jws.encode(
        b"[1]", KEY.private_key, algorithm="EdDSA", headers={"typ": "at+jwt", "kid": KEY.kid}
    ),
}


@pytest.mark.parametrize("forge", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_forged_or_misused_token_is_unauthorized(
    service: EddsaTokenService, clock: FixedClock, forge: Forger
) -> None:
    with pytest.raises(Unauthorized, match=r"^invalid access token$"):
        service.verify_access_token(forge(now_of(clock)))


@pytest.mark.parametrize("claim", ["iss", "aud", "sub", "iat", "nbf", "exp", "jti"])
def test_a_token_missing_any_required_claim_is_unauthorized(
    service: EddsaTokenService, clock: FixedClock, claim: str
) -> None:
    token = signed(claims_at(now_of(clock), **{claim: None}))

    with pytest.raises(Unauthorized):
        service.verify_access_token(token)


def test_the_hand_built_tokens_differ_from_good_ones_only_in_the_attack(
    service: EddsaTokenService, clock: FixedClock
) -> None:
    """The helpers make valid tokens when nothing is changed, so each refusal above is earned."""
    now = now_of(clock)
    assert service.verify_access_token(signed(claims_at(now))) == USER
    header, claims, _ = parts(signed(claims_at(now)))
    assert claims == claims_at(now)
    assert header == {"alg": "EdDSA", "typ": "at+jwt", "kid": KEY.kid}


def test_the_full_media_type_is_the_same_typ(service: EddsaTokenService, clock: FixedClock) -> None:
    """RFC 9068 section 4: `application/at+jwt` names the same type as `at+jwt`."""
    token = signed(claims_at(now_of(clock)), typ="application/at+jwt")
    assert service.verify_access_token(token) == USER


def test_a_tampered_payload_is_unauthorized(service: EddsaTokenService) -> None:
    header, payload, signature = service.issue_access_token(USER).token.split(".")
    claims = json.loads(unb64(payload))
    claims["sub"] = "00000000-0000-4000-8000-000000000b0b"

    with pytest.raises(Unauthorized):
        service.verify_access_token(f"{header}.{segment(claims)}.{signature}")


def test_a_tampered_header_is_unauthorized(service: EddsaTokenService) -> None:
    _, payload, signature = service.issue_access_token(USER).token.split(".")
    header = {"alg": "EdDSA", "typ": "at+jwt", "kid": KEY.kid, "x": 1}

    with pytest.raises(Unauthorized):
        service.verify_access_token(f"{segment(header)}.{payload}.{signature}")


def test_a_tampered_signature_is_unauthorized(service: EddsaTokenService) -> None:
    header, payload, signature = service.issue_access_token(USER).token.split(".")
    flipped = bytearray(unb64(signature))
    flipped[10] ^= 0x01

    with pytest.raises(Unauthorized):
        service.verify_access_token(f"{header}.{payload}.{b64(bytes(flipped))}")


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_is_unauthorized_and_nothing_else(text: str) -> None:
    service = make_service(FixedClock())
    with pytest.raises(Unauthorized):
        service.verify_access_token(text)


@cache
def fixed_token() -> Token:
    return make_service(FixedClock()).issue_access_token(USER).token


@settings(max_examples=100, deadline=None)
@given(position=st.integers(min_value=0), character=st.characters(codec="ascii"))
def test_a_changed_character_is_refused_or_still_names_the_same_user(
    position: int, character: str
) -> None:
    """Base64's spare bits can make two spellings decode alike; no change can name someone else."""
    service = make_service(FixedClock())
    token = fixed_token()
    position %= len(token)
    mutated = token[:position] + character + token[position + 1 :]

    with contextlib.suppress(Unauthorized):
        assert service.verify_access_token(mutated) == USER


# Configuration -------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [31, 60, -1])
def test_a_leeway_outside_zero_to_thirty_seconds_is_refused_at_construction(
    clock: FixedClock, seconds: int
) -> None:
    with pytest.raises(ValueError, match="leeway"):
        make_service(clock, leeway=timedelta(seconds=seconds))
    with pytest.raises(ValueError, match="leeway"):
        JwksVerifier(
            SigningKeyRing.of(KEY).public_keys(),
            issuer=ISSUER,
            audience=AUDIENCE,
            clock=clock,
            leeway=timedelta(seconds=seconds),
        )


@pytest.mark.parametrize("ttl", [timedelta(0), timedelta(seconds=-5), timedelta(seconds=1.5)])
def test_a_ttl_that_is_not_a_positive_whole_number_of_seconds_is_refused(
    clock: FixedClock, ttl: timedelta
) -> None:
    with pytest.raises(ValueError, match="ttl"):
        EddsaTokenService(
            SigningKeyRing.of(KEY),
            issuer=ISSUER,
            audience=AUDIENCE,
            clock=clock,
            ids=SequentialIds(),
            ttl=ttl,
        )


def test_the_ttl_sets_exp_and_expires_in(clock: FixedClock) -> None:
    service = EddsaTokenService(
        SigningKeyRing.of(KEY),
        issuer=ISSUER,
        audience=AUDIENCE,
        clock=clock,
        ids=SequentialIds(),
        ttl=timedelta(minutes=5),
    )
    issued = service.issue_access_token(USER)
    _, claims, _ = parts(issued.token)

    assert issued.expires_in == 300
    assert claims["exp"] - claims["iat"] == 300


# Rotation and the verifier-only mode ----------------------------------------------------------


def test_rotation_keeps_old_tokens_until_their_key_is_dropped(clock: FixedClock) -> None:
    before = SigningKeyRing.of(OLD_KEY)
    old_token = make_service(clock, before).issue_access_token(USER).token

    during = make_service(clock, before.with_key(KEY))
    assert during.verify_access_token(old_token) == USER
    new_token = during.issue_access_token(USER).token
    assert parts(new_token)[0]["kid"] == KEY.kid
    assert parts(old_token)[0]["kid"] == OLD_KEY.kid

    after = make_service(clock, during.keys.without_key(OLD_KEY.kid))
    with pytest.raises(Unauthorized):
        after.verify_access_token(old_token)
    assert after.verify_access_token(new_token) == USER


def test_the_jwks_lets_a_verifier_without_private_keys_check_tokens(
    service: EddsaTokenService, clock: FixedClock
) -> None:
    verifier = JwksVerifier.from_jwks(
        json.dumps(service.jwks()), issuer=ISSUER, audience=AUDIENCE, clock=clock
    )
    token = service.issue_access_token(USER).token

    assert verifier.verify_access_token(token) == USER
    assert verifier.kids == {KEY.kid}
    with pytest.raises(Unauthorized):
        verifier.verify_access_token(signed(claims_at(now_of(clock)), key=STRANGER, kid=KEY.kid))


def test_a_verifier_for_another_audience_refuses_the_token(
    service: EddsaTokenService, clock: FixedClock
) -> None:
    verifier = JwksVerifier.from_jwks(
        service.jwks(), issuer=ISSUER, audience="another-api", clock=clock
    )
    with pytest.raises(Unauthorized):
        verifier.verify_access_token(service.issue_access_token(USER).token)


def test_a_verifier_refuses_keys_filed_under_a_kid_that_is_not_their_thumbprint(
    clock: FixedClock,
) -> None:
    with pytest.raises(ValueError, match="thumbprint"):
        JwksVerifier({KEY.kid: STRANGER.public_key}, issuer=ISSUER, audience=AUDIENCE, clock=clock)


# Remembered tokens ---------------------------------------------------------------------------


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every token PyJWT is asked to decode (and check the signature of)."""
    seen: list[str] = []
    decode = jwt.decode

    def counting(token: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(token)
        return decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    return seen


def test_a_token_is_decoded_once_and_its_times_checked_every_time(
    clock: FixedClock, decodes: list[str]
) -> None:
    service = make_service(clock, leeway=timedelta(0))
    token = service.issue_access_token(USER).token

    for _ in range(3):
        assert service.verify_access_token(token) == USER
    clock.advance(timedelta(seconds=TTL))
    with pytest.raises(Unauthorized):
        service.verify_access_token(token)
    assert decodes == [token]


def test_a_remembered_token_not_valid_yet_becomes_valid_on_time(
    service: EddsaTokenService, clock: FixedClock, decodes: list[str]
) -> None:
    now = now_of(clock)
    token = signed(claims_at(now, nbf=now + 60))

    with pytest.raises(Unauthorized):
        service.verify_access_token(token)
    clock.advance(timedelta(seconds=30))
    assert service.verify_access_token(token) == USER
    assert decodes == [token]


def test_refused_tokens_are_not_remembered(
    service: EddsaTokenService, clock: FixedClock, decodes: list[str]
) -> None:
    forged = signed(claims_at(now_of(clock)), key=STRANGER, kid=KEY.kid)
    for _ in range(2):
        with pytest.raises(Unauthorized):
            service.verify_access_token(forged)
    assert decodes == [forged, forged]


def test_another_verifier_checks_a_token_afresh(
    service: EddsaTokenService, clock: FixedClock, decodes: list[str]
) -> None:
    token = service.issue_access_token(USER).token
    assert service.verify_access_token(token) == USER
    elsewhere = JwksVerifier.from_jwks(
        service.jwks(), issuer=ISSUER, audience="another-api", clock=clock
    )
    with pytest.raises(Unauthorized):
        elsewhere.verify_access_token(token)
    assert decodes == [token, token]


def test_the_oldest_remembered_token_is_forgotten_first(
    service: EddsaTokenService, monkeypatch: pytest.MonkeyPatch, decodes: list[str]
) -> None:
    monkeypatch.setattr(jwks_verifier, "VERIFIED_TOKENS_KEPT", 2)
    first, second, third = (service.issue_access_token(USER).token for _ in range(3))
    for token in (first, second, third, third, second, first):
        assert service.verify_access_token(token) == USER
    assert decodes == [first, second, third, first]
