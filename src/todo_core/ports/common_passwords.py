"""The passwords attackers try first: a new password on that list is refused."""

from __future__ import annotations

from typing import Protocol

__all__ = ["CommonPasswords"]


class CommonPasswords(Protocol):
    def is_common(self, password: str) -> bool:
        """Whether the (NFKC-normalised) password is on the list, ignoring letter case.

        Called on every registration: implementations load their list once and answer from
        memory.
        """
        ...
