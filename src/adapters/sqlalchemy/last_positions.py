"""The last todo position of lists a unit of work read together with the list's row.

Creating a todo in the Inbox asks for the Inbox, then for the last position in it: two
statements, one after the other, on one connection. The Inbox query answers both (a correlated
`max(position)` beside the row, one index probe), and keeps the second answer here until the
todo repository asks. Any write to `todos` in the unit forgets everything kept, and the todo
repository does not use it while one of its todos has unwritten changes: then it asks the
database, exactly as without this.
"""

from __future__ import annotations

from enum import Enum
from uuid import UUID

__all__ = ["UNKNOWN", "LastPositions", "Unknown"]


class Unknown(Enum):
    """What `recall` answers for a list it knows nothing about (None is an answer: no todos)."""

    UNKNOWN = "unknown"


UNKNOWN = Unknown.UNKNOWN


class LastPositions:
    def __init__(self) -> None:
        self._known: dict[tuple[UUID, UUID], int | None] = {}

    def remember(self, owner_id: UUID, list_id: UUID, last: int | None) -> None:
        self._known[owner_id, list_id] = last

    def recall(self, owner_id: UUID, list_id: UUID) -> int | Unknown | None:
        """The kept last position (None: the list has no todos), or `UNKNOWN`."""
        return self._known.get((owner_id, list_id), UNKNOWN)

    def forget(self) -> None:
        self._known.clear()
