"""How a todo repeats: an RFC 5545 rule and what the next occurrence counts from."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

__all__ = ["Recurrence", "RecurrenceMode"]


class RecurrenceMode(enum.StrEnum):
    # "Every Monday": the next due follows the previous due, however late it was done.
    DUE = "due"
    # "Two weeks after I last did it": the next due counts from the completion.
    COMPLETION = "completion"


@dataclass(frozen=True, slots=True, kw_only=True)
class Recurrence:
    # Normalised by the RecurrenceRule port; opaque here.
    rule: str
    mode: RecurrenceMode
    # The naive wall-clock start of the series: COUNT and BYDAY patterns count from it.
    series_start: datetime
    completed_occurrences: int = 0
