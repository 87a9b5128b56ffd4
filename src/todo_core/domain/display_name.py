"""The name a user is shown by: trimmed, 1-100 characters, one line."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from todo_core.domain.email_address import EmailAddress
from todo_core.errors import ValidationFailed

__all__ = ["MAX_DISPLAY_NAME_LENGTH", "DisplayName"]

MAX_DISPLAY_NAME_LENGTH = 100


@dataclass(frozen=True, slots=True)
class DisplayName:
    value: str

    def __post_init__(self) -> None:
        if not self.value or self.value != self.value.strip():
            raise ValidationFailed(
                "display name must be non-empty and trimmed", field="display_name"
            )
        if len(self.value) > MAX_DISPLAY_NAME_LENGTH:
            raise ValidationFailed(
                f"display name must be at most {MAX_DISPLAY_NAME_LENGTH} characters",
                field="display_name",
            )
        if any(unicodedata.category(char) == "Cc" for char in self.value):
            raise ValidationFailed(
                "display name must not contain control characters", field="display_name"
            )

    @classmethod
    def parse(cls, raw: str) -> DisplayName:
        return cls(raw.strip())

    @classmethod
    def default_for(cls, email: EmailAddress) -> DisplayName:
        """What a user who gave no name is called: the local part of their e-mail address.

        An address has no spaces or control characters, so its local part is always a valid
        name once cut to the length limit.
        """
        return cls(email.local_part[:MAX_DISPLAY_NAME_LENGTH])
