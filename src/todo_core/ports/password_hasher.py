"""How passwords become opaque hashes and are checked against them."""

from __future__ import annotations

from typing import Protocol

__all__ = ["PasswordHasher"]


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str:
        """A new salted hash; slow on purpose, so implementations run it off the event loop."""
        ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """Whether `password` matches; never raises for a mismatch."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with weaker parameters than the current ones."""
        ...
