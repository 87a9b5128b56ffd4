"""The title of a todo: trimmed, 1-500 characters, no control characters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from todo_core.errors import ValidationFailed

__all__ = ["MAX_TITLE_LENGTH", "Title"]

MAX_TITLE_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Title:
    value: str

    def __post_init__(self) -> None:
        if not self.value:
            raise ValidationFailed("title must not be empty", field="title")
        if self.value != self.value.strip():
            raise ValidationFailed("title must be trimmed", field="title")
        if len(self.value) > MAX_TITLE_LENGTH:
            raise ValidationFailed(
                f"title must be at most {MAX_TITLE_LENGTH} characters", field="title"
            )
        # Category "Cc" covers tabs, newlines and NUL: a title is one line of text.
        if any(unicodedata.category(char) == "Cc" for char in self.value):
            raise ValidationFailed("title must not contain control characters", field="title")

    @classmethod
    def parse(cls, raw: str) -> Title:
        """Build a title from user input, which may carry surrounding whitespace."""
        return cls(raw.strip())
