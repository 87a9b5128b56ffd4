"""The `CommonPasswords` port from a list given in code: the twin of the packaged list, for
tests and for embedders who bring their own."""

from __future__ import annotations

from collections.abc import Iterable

from todo_core.ports.common_passwords import CommonPasswords

__all__ = ["SAMPLE_COMMON_PASSWORDS", "InMemoryCommonPasswords"]

# A few of the most common passwords of every breach corpus, long enough to pass the length rule.
SAMPLE_COMMON_PASSWORDS = (
    "password",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "iloveyou",
    "password1",
    "sunshine",
    "football",
    "baseball",
)


class InMemoryCommonPasswords(CommonPasswords):
    def __init__(self, passwords: Iterable[str] = SAMPLE_COMMON_PASSWORDS) -> None:
        self._passwords = frozenset(password.casefold() for password in passwords)

    def is_common(self, password: str) -> bool:
        return password.casefold() in self._passwords
