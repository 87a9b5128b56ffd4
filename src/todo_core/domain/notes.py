"""Free-form notes on a todo: any text up to 20 000 characters."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.errors import ValidationFailed

__all__ = ["MAX_NOTES_LENGTH", "Notes"]

MAX_NOTES_LENGTH = 20_000


@dataclass(frozen=True, slots=True)
class Notes:
    value: str = ""

    def __post_init__(self) -> None:
        if len(self.value) > MAX_NOTES_LENGTH:
            raise ValidationFailed(
                f"notes must be at most {MAX_NOTES_LENGTH} characters", field="notes"
            )
        if "\x00" in self.value:
            # PostgreSQL text cannot hold NUL; refusing it here keeps every store equal.
            raise ValidationFailed("notes must not contain NUL characters", field="notes")
