"""The title of a todo: trimmed, 1-500 characters, no control characters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from todo_core.errors import ValidationFailed

__all__ = ["MAX_TITLE_LENGTH", "Title"]

MAX_TITLE_LENGTH = 500
# Unicode's control characters (general category Cc), which by Unicode's stability policy are
# exactly these two ranges. One regex search instead of a category lookup per character:
# every todo read from storage is checked again, so this runs for every title of every page.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


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
        # Control characters include tabs, newlines and NUL: a title is one line of text.
        if _CONTROL.search(self.value):
            raise ValidationFailed("title must not contain control characters", field="title")

    @classmethod
    def parse(cls, raw: str) -> Title:
        """Build a title from user input, which may carry surrounding whitespace."""
        return cls(raw.strip())
