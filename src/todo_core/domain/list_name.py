"""The name of a todo list: trimmed, 1-100 characters, one line."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from todo_core.errors import ValidationFailed

__all__ = ["INBOX_NAME", "MAX_LIST_NAME_LENGTH", "ListName"]

MAX_LIST_NAME_LENGTH = 100


@dataclass(frozen=True, slots=True)
class ListName:
    value: str

    def __post_init__(self) -> None:
        if not self.value or self.value != self.value.strip():
            raise ValidationFailed("list name must be non-empty and trimmed", field="name")
        if len(self.value) > MAX_LIST_NAME_LENGTH:
            raise ValidationFailed(
                f"list name must be at most {MAX_LIST_NAME_LENGTH} characters", field="name"
            )
        if any(unicodedata.category(char) == "Cc" for char in self.value):
            raise ValidationFailed("list name must not contain control characters", field="name")

    @classmethod
    def parse(cls, raw: str) -> ListName:
        return cls(raw.strip())

    @property
    def key(self) -> str:
        """What uniqueness compares: names differing only in case are the same name."""
        return self.value.casefold()


INBOX_NAME = ListName("Inbox")
