"""The signing key ring: RFC 7638 thumbprint kids, PEM loading, the persisted default key, JWKS."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.jwt import (
    DEFAULT_KEY_FILENAME,
    SigningKey,
    SigningKeyRing,
    jwk_thumbprint,
    load_or_create_signing_key,
    public_keys_from_jwks,
)
from adapters.jwt.signing_keys import base64url_decode

# RFC 8037 appendix A.1 (the private key, `d`, and its public `x`) and A.3 (its thumbprint).
RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC8037_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"

RFC_KEY = SigningKey(Ed25519PrivateKey.from_private_bytes(base64url_decode(RFC8037_D)))
FIRST = SigningKey.generate()
SECOND = SigningKey.generate()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A permissive umask, so only the code itself can make the key private."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


# Thumbprints --------------------------------------------------------------------------------


def test_the_kid_is_the_rfc_8037_thumbprint_of_its_example_key() -> None:
    assert RFC_KEY.public_jwk()["x"] == RFC8037_X
    assert RFC_KEY.kid == RFC8037_THUMBPRINT
    assert jwk_thumbprint(RFC_KEY.public_key) == RFC8037_THUMBPRINT


def test_different_keys_have_different_kids() -> None:
    assert FIRST.kid != SECOND.kid


# PEM loading --------------------------------------------------------------------------------


def test_a_key_round_trips_through_pem_text_and_bytes() -> None:
    pem = FIRST.private_pem()

    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert SigningKey.from_pem(pem.decode("ascii")).kid == FIRST.kid
    assert SigningKey.from_pem(pem).kid == FIRST.kid


def test_a_ring_loads_pem_files_oldest_first_and_the_last_signs(tmp_path: Path) -> None:
    old, new = tmp_path / "old.pem", tmp_path / "new.pem"
    old.write_bytes(FIRST.private_pem())
    new.write_bytes(SECOND.private_pem())

    ring = SigningKeyRing.from_pem_files([old, str(new)])

    assert [key.kid for key in ring.keys] == [FIRST.kid, SECOND.kid]
    assert ring.newest.kid == SECOND.kid


def test_a_ring_loads_pem_texts() -> None:
    ring = SigningKeyRing.from_pems([FIRST.private_pem().decode(), SECOND.private_pem()])
    assert ring.newest == SECOND


def _ec_pem() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _encrypted_pem() -> bytes:
    return FIRST.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    )


def _public_pem() -> bytes:
    return FIRST.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.mark.parametrize(
    "pem",
    [b"", b"not a key", _public_pem(), _ec_pem(), _encrypted_pem(), "\N{SNOWMAN}"],
    ids=["empty", "garbage", "public key", "P-256 key", "encrypted", "not ASCII"],
)
def test_anything_but_an_unencrypted_ed25519_private_key_is_refused(pem: str | bytes) -> None:
    with pytest.raises(ValueError, match=r"PEM private key|Ed25519"):
        SigningKey.from_pem(pem)


def test_a_missing_pem_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        SigningKeyRing.from_pem_files([tmp_path / "absent.pem"])


def test_an_error_names_the_file_but_never_shows_the_key(tmp_path: Path) -> None:
    path = tmp_path / "wrong.pem"
    path.write_bytes(_ec_pem())

    with pytest.raises(ValueError, match=r"wrong\.pem") as raised:
        SigningKey.from_pem_file(path)
    assert "BEGIN" not in str(raised.value)


def test_the_repr_shows_the_kid_and_not_the_key() -> None:
    assert repr(FIRST) == f"SigningKey(kid={FIRST.kid!r})"


# The generated default key ------------------------------------------------------------------


@pytest.mark.usefixtures("open_umask")
def test_a_generated_key_is_private_and_reused(tmp_path: Path) -> None:
    directory = tmp_path / "var" / "keys"

    created = load_or_create_signing_key(directory)
    reused = load_or_create_signing_key(directory)

    assert reused.kid == created.kid
    assert mode(directory) == 0o700
    assert mode(directory / DEFAULT_KEY_FILENAME) == 0o600
    assert [path.name for path in directory.iterdir()] == [DEFAULT_KEY_FILENAME]
    assert SigningKey.from_pem_file(directory / DEFAULT_KEY_FILENAME).kid == created.kid


def test_an_existing_key_file_is_loaded_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "signing.pem").write_bytes(FIRST.private_pem())
    assert load_or_create_signing_key(tmp_path, filename="signing.pem").kid == FIRST.kid


def test_a_damaged_key_file_is_an_error_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / DEFAULT_KEY_FILENAME
    path.write_bytes(b"truncated")

    with pytest.raises(ValueError, match=re.escape(DEFAULT_KEY_FILENAME)):
        load_or_create_signing_key(tmp_path)
    assert path.read_bytes() == b"truncated"


def test_when_another_process_stores_a_key_first_both_use_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: absent when looked for, present when ours is linked into place."""
    generate = SigningKey.generate

    def generate_while_another_process_wins() -> SigningKey:
        (tmp_path / DEFAULT_KEY_FILENAME).write_bytes(FIRST.private_pem())
        return generate()

    monkeypatch.setattr(SigningKey, "generate", generate_while_another_process_wins)

    assert load_or_create_signing_key(tmp_path).kid == FIRST.kid
    assert [path.name for path in tmp_path.iterdir()] == [DEFAULT_KEY_FILENAME]


# The ring and its JWKS ----------------------------------------------------------------------


def test_the_jwks_publishes_every_public_key_newest_first() -> None:
    jwks = SigningKeyRing.of(RFC_KEY, FIRST).jwks()

    assert json.loads(json.dumps(jwks)) == jwks
    assert jwks["keys"][0] == FIRST.public_jwk()
    assert jwks["keys"][1] == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": RFC8037_X,
        "kid": RFC8037_THUMBPRINT,
        "use": "sig",
        "alg": "EdDSA",
    }


def test_rotation_adds_a_newest_key_and_drops_an_old_one() -> None:
    ring = SigningKeyRing.of(FIRST).with_key(SECOND)
    assert ring.newest == SECOND
    assert set(ring.public_keys()) == {FIRST.kid, SECOND.kid}

    dropped = ring.without_key(FIRST.kid)
    assert dropped.keys == (SECOND,)
    with pytest.raises(KeyError):
        dropped.without_key(FIRST.kid)
    with pytest.raises(ValueError, match="at least one"):
        dropped.without_key(SECOND.kid)


def test_a_ring_refuses_to_be_empty_or_to_hold_a_key_twice() -> None:
    with pytest.raises(ValueError, match="at least one"):
        SigningKeyRing(())
    with pytest.raises(ValueError, match="twice"):
        SigningKeyRing.of(FIRST, SigningKey.from_pem(FIRST.private_pem()))


def test_a_jwks_reads_back_as_the_same_public_keys() -> None:
    ring = SigningKeyRing.of(RFC_KEY, FIRST)

    keys = public_keys_from_jwks(json.dumps(ring.jwks()))

    assert set(keys) == {RFC8037_THUMBPRINT, FIRST.kid}
    assert keys[FIRST.kid] == FIRST.public_key


def test_a_jwk_without_optional_members_is_enough() -> None:
    keys = public_keys_from_jwks({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X}]})
    assert set(keys) == {RFC8037_THUMBPRINT}


GOOD_JWK = RFC_KEY.public_jwk()


@pytest.mark.parametrize(
    "document",
    [
        "not json",
        [],
        {},
        {"keys": []},
        {"keys": [GOOD_JWK, "not an object"]},
        {"keys": [{**GOOD_JWK, "d": RFC8037_D}]},
        {"keys": [{**GOOD_JWK, "kid": FIRST.kid}]},
        {"keys": [{**GOOD_JWK, "kty": "EC"}]},
        {"keys": [{**GOOD_JWK, "crv": "Ed448"}]},
        {"keys": [{**GOOD_JWK, "alg": "RS256"}]},
        {"keys": [{**GOOD_JWK, "use": "enc"}]},
        {"keys": [{key: value for key, value in GOOD_JWK.items() if key != "x"}]},
        {"keys": [{**GOOD_JWK, "x": RFC8037_X[:-2]}]},
        {"keys": [{**GOOD_JWK, "x": RFC8037_X + "="}]},
    ],
    ids=[
        "not JSON",
        "not an object",
        "no keys",
        "empty keys",
        "a non-object entry",
        "a private key",
        "a kid that is not the thumbprint",
        "not OKP",
        "Ed448",
        "another alg",
        "an encryption key",
        "no x",
        "x too short",
        "x padded",
    ],
)
def test_a_wrong_jwks_is_refused_at_start_up(document: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        public_keys_from_jwks(json.dumps(document) if not isinstance(document, str) else document)
