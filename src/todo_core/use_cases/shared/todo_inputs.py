"""Input shapes shared by the todo use cases: "leave unchanged" and raw recurrence."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

__all__ = ["UNSET", "RecurrenceInput", "Unset"]


class Unset(enum.Enum):
    """A field of a partial update that the caller did not send (None means "clear it")."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True, slots=True, kw_only=True)
class RecurrenceInput:
    rule: str
    # "due" (the next due follows the previous one) or "completion".
    mode: str = "due"
