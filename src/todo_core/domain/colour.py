"""A label colour as #rrggbb, stored lower-case."""

from __future__ import annotations

import re
from dataclasses import dataclass

from todo_core.errors import ValidationFailed

__all__ = ["DEFAULT_COLOUR", "Colour"]

_HEX = re.compile(r"#[0-9a-f]{6}")


@dataclass(frozen=True, slots=True)
class Colour:
    value: str

    def __post_init__(self) -> None:
        if not _HEX.fullmatch(self.value):
            raise ValidationFailed("colour must be #rrggbb (lower-case hex)", field="colour")

    @classmethod
    def parse(cls, raw: str) -> Colour:
        return cls(raw.strip().lower())


DEFAULT_COLOUR = Colour("#808080")
