"""A deterministic, fast PasswordHasher for unit tests, which counts how it is used.

Hashes look like `fake1$<sha256 hex>`; `fake0$` marks a hash "made with old parameters" (see
`legacy_hash`), which `needs_rehash` reports, so the rehash-on-login path is testable. The call
counters let tests check that a refused password is never hashed and that an unknown e-mail
still costs one `verify`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

from todo_core.ports.password_hasher import PasswordHasher

__all__ = ["CURRENT_SCHEME", "LEGACY_SCHEME", "FakePasswordHasher", "legacy_hash"]

CURRENT_SCHEME = "fake1"
LEGACY_SCHEME = "fake0"


def _digest(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def legacy_hash(password: str) -> str:
    """A hash of `password` as an older configuration would have made it."""
    return f"{LEGACY_SCHEME}${_digest(password)}"


@dataclass
class FakePasswordHasher(PasswordHasher):
    hash_calls: int = 0
    verify_calls: int = 0
    # Every hash `verify` was asked to check against, in order.
    verified_against: list[str] = field(default_factory=list)

    async def hash(self, password: str) -> str:
        self.hash_calls += 1
        return f"{CURRENT_SCHEME}${_digest(password)}"

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verify_calls += 1
        self.verified_against.append(password_hash)
        scheme, separator, digest = password_hash.partition("$")
        if not separator or scheme not in (CURRENT_SCHEME, LEGACY_SCHEME):
            return False
        return hmac.compare_digest(digest, _digest(password))

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.startswith(f"{LEGACY_SCHEME}$")
