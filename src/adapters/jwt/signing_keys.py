"""The Ed25519 keys that sign access tokens: a ring, so keys can be rotated without a cut-over.

A ring holds one or more keys, oldest first. The newest signs every new token; all of them are
published (as public JWKs) and accepted, so rotation is "add a key, wait one token lifetime,
drop the old one" and no token in flight is refused. Each key's `kid` is its RFC 7638 JWK
thumbprint, derived from the public key itself: it cannot drift from the key it names, two
services computing it independently agree, and publishing it reveals nothing new.

Keys come from PEM text or PEM files (what settings pass), or, for the embedded single-process
default, from `load_or_create_signing_key`: a key generated once and kept in a private directory
(0700, file 0600) so tokens survive a restart. The file is written to a temporary name and
hard-linked into place, which is atomic and never overwrites: two processes starting together
end up sharing whichever key was linked first.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "DEFAULT_KEY_FILENAME",
    "SigningKey",
    "SigningKeyRing",
    "base64url_decode",
    "base64url_encode",
    "jwk_thumbprint",
    "load_or_create_signing_key",
    "public_jwk",
]

DEFAULT_KEY_FILENAME = "access-token-ed25519.pem"


def base64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515 section 2), as JOSE writes every binary value."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(text: str) -> bytes:
    """The bytes of unpadded base64url text; `ValueError` unless `text` is exactly that encoding.

    The standard decoder skips characters outside the alphabet and ignores extra padding, so the
    result is re-encoded and compared: one key then has exactly one spelling.
    """
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64url_encode(data) != text:
        raise ValueError("not canonical unpadded base64url")
    return data


def _raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def jwk_thumbprint(public_key: Ed25519PublicKey) -> str:
    """The RFC 7638 SHA-256 thumbprint of the key's JWK: the `kid` this adapter uses.

    RFC 8037 section 2 makes `crv`, `kty` and `x` the required members of an OKP key; the
    thumbprint hashes exactly those, sorted, with no whitespace.
    """
    members = {"crv": "Ed25519", "kty": "OKP", "x": base64url_encode(_raw_public_bytes(public_key))}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return base64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def public_jwk(public_key: Ed25519PublicKey) -> dict[str, str]:
    """The public JWK (RFC 8037) a JWKS publishes for the key."""
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": base64url_encode(_raw_public_bytes(public_key)),
        "kid": jwk_thumbprint(public_key),
        "use": "sig",
        "alg": "EdDSA",
    }


@dataclass(frozen=True, slots=True)
class SigningKey:
    """One Ed25519 private key and its thumbprint `kid`, which alone decides equality.

    The repr shows only the `kid`, so a logged key ring leaks nothing.
    """

    private_key: Ed25519PrivateKey = field(repr=False, compare=False)
    kid: str = field(init=False)

    def __post_init__(self) -> None:
        if not isinstance(self.private_key, Ed25519PrivateKey):
            raise TypeError("an access-token signing key must be an Ed25519 private key")
        object.__setattr__(self, "kid", jwk_thumbprint(self.private_key.public_key()))

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, pem: str | bytes) -> SigningKey:
        """An unencrypted PKCS #8 PEM Ed25519 private key (`openssl genpkey -algorithm ed25519`)."""
        try:
            data = pem.encode("ascii") if isinstance(pem, str) else pem
            key = serialization.load_pem_private_key(data, password=None)
        except (TypeError, ValueError) as error:
            # The cryptography message may name the format but never echoes the key.
            raise ValueError(f"not an unencrypted PEM private key: {error}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"expected an Ed25519 private key, got {type(key).__name__}")
        return cls(key)

    @classmethod
    def from_pem_file(cls, path: str | os.PathLike[str]) -> SigningKey:
        try:
            return cls.from_pem(Path(path).read_bytes())
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def private_pem(self) -> bytes:
        """The key as unencrypted PKCS #8 PEM, the form `from_pem` reads back."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def public_jwk(self) -> dict[str, str]:
        return public_jwk(self.public_key)


@dataclass(frozen=True, slots=True)
class SigningKeyRing:
    """One or more signing keys, oldest first: the last one signs, all of them verify."""

    keys: tuple[SigningKey, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise ValueError("a signing key ring needs at least one key")
        kids = [key.kid for key in self.keys]
        if len(set(kids)) != len(kids):
            raise ValueError("the same signing key appears twice in the ring")

    @classmethod
    def of(cls, *keys: SigningKey) -> SigningKeyRing:
        return cls(tuple(keys))

    @classmethod
    def from_pems(cls, pems: Iterable[str | bytes]) -> SigningKeyRing:
        """Keys from PEM texts, oldest first: the last one signs."""
        return cls(tuple(SigningKey.from_pem(pem) for pem in pems))

    @classmethod
    def from_pem_files(cls, paths: Iterable[str | os.PathLike[str]]) -> SigningKeyRing:
        """Keys from PEM files, oldest first: the last one signs."""
        return cls(tuple(SigningKey.from_pem_file(path) for path in paths))

    @property
    def newest(self) -> SigningKey:
        """The key that signs new tokens."""
        return self.keys[-1]

    def with_key(self, key: SigningKey) -> SigningKeyRing:
        """This ring with `key` added as the newest: it signs from now on."""
        return SigningKeyRing((*self.keys, key))

    def without_key(self, kid: str) -> SigningKeyRing:
        """This ring with the key `kid` dropped: tokens it signed stop verifying."""
        remaining = tuple(key for key in self.keys if key.kid != kid)
        if len(remaining) == len(self.keys):
            raise KeyError(kid)
        return SigningKeyRing(remaining)

    def public_keys(self) -> Mapping[str, Ed25519PublicKey]:
        """Every key's public half by `kid`: what a verifier needs, and nothing more."""
        return {key.kid: key.public_key for key in self.keys}

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The JWK Set (RFC 7517 section 5) to publish, newest key first."""
        return {"keys": [key.public_jwk() for key in reversed(self.keys)]}


def load_or_create_signing_key(
    directory: str | os.PathLike[str], *, filename: str = DEFAULT_KEY_FILENAME
) -> SigningKey:
    """The key kept in `directory`, generated and stored there (0600, directory 0700) if absent.

    An existing file that does not hold an Ed25519 private key is an error, never replaced:
    silently generating a new key would hide whatever damaged the old one.
    """
    folder = Path(directory)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / filename
    with contextlib.suppress(FileNotFoundError):
        return SigningKey.from_pem_file(path)
    key = SigningKey.generate()
    if _create_exclusively(path, key.private_pem()):
        return key
    # Another process linked its key first: use that one, so both sign with the same key.
    return SigningKey.from_pem_file(path)


def _create_exclusively(path: Path, content: bytes) -> bool:
    """Write `content` to `path` atomically, mode 0600; False when `path` already exists."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            os.fchmod(file.fileno(), 0o600)  # whatever the umask
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        try:
            # A hard link appears complete or not at all, and never replaces an existing file.
            os.link(temporary, path)
        except FileExistsError:
            return False
        _fsync_directory(path.parent)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
