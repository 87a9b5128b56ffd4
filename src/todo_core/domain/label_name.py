"""The name of a label: trimmed, 1-50 characters, unique per owner ignoring case."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from todo_core.errors import ValidationFailed

__all__ = ["MAX_LABEL_NAME_LENGTH", "LabelName"]

MAX_LABEL_NAME_LENGTH = 50


@dataclass(frozen=True, slots=True)
class LabelName:
    value: str

    def __post_init__(self) -> None:
        if not self.value or self.value != self.value.strip():
            raise ValidationFailed("label name must be non-empty and trimmed", field="name")
        if len(self.value) > MAX_LABEL_NAME_LENGTH:
            raise ValidationFailed(
                f"label name must be at most {MAX_LABEL_NAME_LENGTH} characters", field="name"
            )
        if any(unicodedata.category(char) == "Cc" for char in self.value):
            raise ValidationFailed("label name must not contain control characters", field="name")

    @classmethod
    def parse(cls, raw: str) -> LabelName:
        return cls(raw.strip())

    @property
    def key(self) -> str:
        """What uniqueness compares: `Work` and `work` are the same label."""
        return self.value.casefold()
