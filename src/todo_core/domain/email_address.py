"""An e-mail address, normalised so that uniqueness is case-insensitive."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from todo_core.errors import ValidationFailed

__all__ = ["MAX_EMAIL_LENGTH", "EmailAddress"]

# RFC 5321 limits a forward path to 256 octets including the angle brackets.
MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True, slots=True)
class EmailAddress:
    """Stored lower-cased: mail systems treat the local part case-insensitively in practice,
    and one person must not be able to register `Ann@x.org` and `ann@x.org` twice."""

    value: str

    def __post_init__(self) -> None:
        value = self.value
        if value != value.strip().lower():
            raise ValidationFailed("e-mail address must be normalised", field="email")
        local, at, domain = value.rpartition("@")
        if not at or not local or not domain or "." not in domain.strip("."):
            raise ValidationFailed("e-mail address must look like name@example.org", field="email")
        if len(value) > MAX_EMAIL_LENGTH:
            raise ValidationFailed(
                f"e-mail address must be at most {MAX_EMAIL_LENGTH} characters", field="email"
            )
        if any(char.isspace() or unicodedata.category(char) == "Cc" for char in value):
            raise ValidationFailed("e-mail address must not contain spaces", field="email")

    @classmethod
    def parse(cls, raw: str) -> EmailAddress:
        return cls(raw.strip().lower())

    @property
    def local_part(self) -> str:
        """What comes before the last `@` (a quoted local part may itself contain one)."""
        return self.value.rpartition("@")[0]

    @property
    def domain(self) -> str:
        return self.value.rpartition("@")[2]
