"""The TodoList aggregate: a named, ordered collection of one user's todos.

Lists are shown in (position, id) order. A position is a sort key the owner chooses, not an
index: moving one list never renumbers the others, so each move changes one aggregate only,
and two lists on the same position fall back to creation order (ids are time-ordered).

The Inbox is where todos without a list live; refusing to archive or delete it raises
`Conflict`: the request is well-formed, it is the state of the target (being the Inbox) that
forbids it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.aggregate import Aggregate
from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_events import (
    ListArchived,
    ListCreated,
    ListDeleted,
    ListMoved,
    ListRenamed,
    ListUnarchived,
)
from todo_core.domain.list_name import INBOX_NAME, ListName
from todo_core.errors import Conflict, ValidationFailed

__all__ = ["INBOX_POSITION", "MAX_LIST_POSITION", "TodoList"]

INBOX_POSITION = 0
# The largest value a 32-bit signed SQL integer holds, so every store can keep any position.
MAX_LIST_POSITION = 2**31 - 1


@dataclass(kw_only=True, eq=False)
class TodoList(Aggregate):
    id: ListId
    owner_id: UserId
    name: ListName
    position: int
    archived: bool
    # Every user has exactly one Inbox; it cannot be archived or deleted.
    is_inbox: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def create(
        cls, *, list_id: ListId, owner_id: UserId, name: ListName, position: int, now: datetime
    ) -> TodoList:
        return cls._new(list_id=list_id, owner_id=owner_id, name=name, position=position, now=now)

    @classmethod
    def create_inbox(cls, *, list_id: ListId, owner_id: UserId, now: datetime) -> TodoList:
        return cls._new(
            list_id=list_id,
            owner_id=owner_id,
            name=INBOX_NAME,
            position=INBOX_POSITION,
            now=now,
            is_inbox=True,
        )

    def rename(self, name: ListName, now: datetime) -> bool:
        if name == self.name:
            return False
        self.name = name
        self._touch(now)
        self.record(
            ListRenamed(occurred_at=now, list_id=self.id, owner_id=self.owner_id, name=name.value)
        )
        return True

    @staticmethod
    def check_position(position: int) -> int:
        """The position itself if every store can keep it; lets callers validate up front."""
        if not 0 <= position <= MAX_LIST_POSITION:
            raise ValidationFailed(
                f"position must be between 0 and {MAX_LIST_POSITION}", field="position"
            )
        return position

    def move_to(self, position: int, now: datetime) -> bool:
        self.check_position(position)
        if position == self.position:
            return False
        self.position = position
        self._touch(now)
        self.record(
            ListMoved(occurred_at=now, list_id=self.id, owner_id=self.owner_id, position=position)
        )
        return True

    def archive(self, now: datetime) -> bool:
        self._refuse_for_inbox("archived")
        if self.archived:
            return False
        self.archived = True
        self._touch(now)
        self.record(ListArchived(occurred_at=now, list_id=self.id, owner_id=self.owner_id))
        return True

    def unarchive(self, now: datetime) -> bool:
        if not self.archived:
            return False
        self.archived = False
        self._touch(now)
        self.record(ListUnarchived(occurred_at=now, list_id=self.id, owner_id=self.owner_id))
        return True

    def mark_deleted(self, now: datetime) -> None:
        """Record the deletion; the caller removes the list from its repository.

        The version stays: a removed aggregate has no next version, and the store must compare
        the one it loaded.
        """
        self._refuse_for_inbox("deleted")
        self.record(ListDeleted(occurred_at=now, list_id=self.id, owner_id=self.owner_id))

    @classmethod
    def _new(  # noqa: PLR0913 - the private constructor behind both public ones
        cls,
        *,
        list_id: ListId,
        owner_id: UserId,
        name: ListName,
        position: int,
        now: datetime,
        is_inbox: bool = False,
    ) -> TodoList:
        cls.check_position(position)
        todo_list = cls(
            id=list_id,
            owner_id=owner_id,
            name=name,
            position=position,
            archived=False,
            is_inbox=is_inbox,
            created_at=now,
            updated_at=now,
            version=1,
        )
        todo_list.record(
            ListCreated(
                occurred_at=now,
                list_id=list_id,
                owner_id=owner_id,
                name=name.value,
                position=position,
                is_inbox=is_inbox,
            )
        )
        return todo_list

    def _refuse_for_inbox(self, what: str) -> None:
        if self.is_inbox:
            raise Conflict(f"the Inbox cannot be {what}")

    def _touch(self, now: datetime) -> None:
        self._bump_version()
        self.updated_at = now
