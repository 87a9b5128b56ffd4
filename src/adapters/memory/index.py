"""Indexes over a committed in-memory table, brought up to date by every commit.

They are what a database's indexes are: a unit of work finds an owner's Inbox, the last position
in a list or a todo's subtasks without scanning the table, and a commit checks unique keys for
the rows it changes only, not for every row. Both hold committed rows only; a transaction lays
its private changes over them (see `table.TableTransaction`).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar
from uuid import UUID

from todo_core.domain.aggregate import Aggregate
from todo_core.errors import Conflict

__all__ = ["Change", "SortedIndex", "UniqueIndex"]

A = TypeVar("A", bound=Aggregate)

# Maps a row to its key in an index, or None when the row is not in it (a partial index, e.g.
# list names are unique only among active lists).
KeyOf = Callable[[A], Hashable | None]
# One row a commit changes: its id, the committed row before (None: added) and the row after
# (None: removed).
Change = tuple[UUID, A | None, A | None]


class UniqueIndex(Generic[A]):
    """A unique index: each key belongs to one committed row at most."""

    def __init__(self, key_of: KeyOf[A]) -> None:
        self.key_of = key_of
        self._ids: dict[Hashable, UUID] = {}

    def ids(self, key: Hashable) -> Sequence[UUID]:
        row_id = self._ids.get(key)
        return () if row_id is None else (row_id,)

    def check(self, table: str, changes: Sequence[Change[A]]) -> None:
        """Raise `Conflict` if the rows after `changes` would share a key.

        The committed rows are unique already, so only keys the changes take can collide: with
        each other, or with a committed row these changes leave alone.
        """
        key_of, ids = self.key_of, self._ids
        taken: dict[Hashable, UUID] = {}
        changing: set[UUID] | None = None
        for row_id, _, after in changes:
            key = None if after is None else key_of(after)
            if key is None:
                continue
            if taken.setdefault(key, row_id) != row_id:
                raise Conflict(f"{table}: {key!r} is already taken")
            holder = ids.get(key)
            if holder is None or holder == row_id:
                continue
            if changing is None:
                changing = {change[0] for change in changes}
            # A holder among the changes gives the key up (else it took it above, and collided).
            if holder not in changing:
                raise Conflict(f"{table}: {key!r} is already taken")

    def apply(self, changes: Sequence[Change[A]]) -> None:
        key_of, ids = self.key_of, self._ids
        for row_id, before, after in changes:
            old = None if before is None else key_of(before)
            new = None if after is None else key_of(after)
            if old == new:
                continue
            # Another change of this commit may have taken the key already (a swap).
            if old is not None and ids.get(old) == row_id:
                del ids[old]
            if new is not None:
                ids[new] = row_id


class SortedIndex(Generic[A]):
    """Committed rows grouped by key, each group as (order, id) entries in ascending order, like
    a SQL index on (key..., order..., id): a group reads without a scan of the table, and its
    last row without a scan of the group."""

    def __init__(self, key_of: KeyOf[A], order_of: Callable[[A], Any] | None = None) -> None:
        self.key_of = key_of
        self.order_of: Callable[[A], Any] = order_of or _unordered
        self._groups: dict[Hashable, list[tuple[Any, UUID]]] = {}

    def entries(self, key: Hashable) -> Sequence[tuple[Any, UUID]]:
        return self._groups.get(key, ())

    def ids(self, key: Hashable) -> Sequence[UUID]:
        return [row_id for _, row_id in self._groups.get(key, ())]

    def apply(self, changes: Sequence[Change[A]]) -> None:
        groups = self._groups
        for _, before, after in changes:
            if before is not None and after is not None and self._stays(before, after):
                continue
            old, new = self._place(before), self._place(after)
            if old is not None:
                key, entry = old
                group = groups[key]
                del group[bisect_left(group, entry)]
                if not group:
                    del groups[key]
            if new is not None:
                key, entry = new
                insort(groups.setdefault(key, []), entry)

    def _stays(self, before: A, after: A) -> bool:
        """Whether a changed row keeps its place (most changes touch no indexed value)."""
        key = self.key_of(before)
        if key != self.key_of(after):
            return False
        return key is None or self.order_of(before) == self.order_of(after)

    def _place(self, row: A | None) -> tuple[Hashable, tuple[Any, UUID]] | None:
        """The row's group and entry in it; None when the row is absent or not indexed."""
        key = None if row is None else self.key_of(row)
        if key is None or row is None:
            return None
        return key, (self.order_of(row), row.id)


def _unordered(row: Aggregate) -> int:
    """Every row the same order: a group is then in id order."""
    return 0
