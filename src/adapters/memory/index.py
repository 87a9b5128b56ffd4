"""Indexes over a committed in-memory table, brought up to date by every commit.

They are what a database's indexes are: a unit of work finds an owner's Inbox, the last position
in a list or a todo's subtasks without scanning the table, and a commit checks unique keys for
the rows it changes only, not for every row. Both hold committed rows only; a transaction lays
its own changes over them (see `table_transaction.TableTransaction`).

An index is declared by the attributes its key is made of, as in SQL, so that the table knows
which attributes matter and a commit that changes none of them (most do not) skips the indexes.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Hashable, Sequence
from operator import attrgetter
from typing import Any, Generic, TypeVar
from uuid import UUID

from todo_core.domain.aggregate import Aggregate
from todo_core.errors import Conflict

__all__ = ["Change", "SortedIndex", "UniqueIndex"]

A = TypeVar("A", bound=Aggregate)

# One row a commit changes: its id, the committed row before (None: added) and the row after
# (None: removed).
Change = tuple[UUID, A | None, A | None]


class _Index(Generic[A]):
    """A key made of attributes (dotted paths allowed), for the rows a condition admits: with
    `when`, only rows whose attribute of that name is truthy; with `unless`, only rows whose
    one is falsy (a partial index). `key_of` gives None for a row the index leaves out."""

    def __init__(self, fields: tuple[str, ...], when: str | None, unless: str | None) -> None:
        self._key: Callable[[A], Hashable] = attrgetter(*fields)
        self._when, self._unless = when, unless
        # attrgetter runs in C, and keys are read for every row a commit adds or moves.
        partial = when is not None or unless is not None
        self.key_of: Callable[[A], Hashable | None] = self._partial_key if partial else self._key
        self.reads = fields + tuple(name for name in (when, unless) if name is not None)

    def _partial_key(self, row: A) -> Hashable | None:
        if self._when is not None and not getattr(row, self._when):
            return None
        if self._unless is not None and getattr(row, self._unless):
            return None
        return self._key(row)


class UniqueIndex(_Index[A]):
    """Each key belongs to one committed row at most."""

    def __init__(self, *fields: str, when: str | None = None, unless: str | None = None) -> None:
        super().__init__(fields, when, unless)
        self._ids: dict[Hashable, UUID] = {}

    def get(self, key: Hashable) -> UUID | None:
        return self._ids.get(key)

    def check(self, table: str, changes: Sequence[Change[A]]) -> None:
        """Raise `Conflict` if the rows after `changes` would share a key.

        The committed rows are unique already, so only keys the changes take can collide: with
        each other, or with a committed row these changes leave alone.
        """
        key_of, ids = self.key_of, self._ids
        taken: dict[Hashable, UUID] = {}
        for row_id, _, after in changes:
            key = None if after is None else key_of(after)
            if key is None:
                continue
            if taken.setdefault(key, row_id) != row_id:
                raise Conflict(f"{table}: {key!r} is already taken")
            holder = ids.get(key)
            # A holder among the changes gives the key up (else it took it above, and collided).
            if holder is not None and holder != row_id and all(c[0] != holder for c in changes):
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


class SortedIndex(_Index[A]):
    """Committed rows grouped by key, each group as (order, id) entries in ascending order, like
    a SQL index on (key..., order, id): a group reads without a scan of the table, and its last
    row without a scan of the group. Without `order`, a group is in id order."""

    def __init__(
        self,
        *fields: str,
        order: str | None = None,
        when: str | None = None,
        unless: str | None = None,
    ) -> None:
        super().__init__(fields, when, unless)
        self.order_of: Callable[[A], Any] = _unordered if order is None else attrgetter(order)
        if order is not None:
            self.reads += (order,)
        self._groups: dict[Hashable, list[tuple[Any, UUID]]] = {}

    def entries(self, key: Hashable) -> Sequence[tuple[Any, UUID]]:
        return self._groups.get(key, ())

    def apply(self, changes: Sequence[Change[A]]) -> None:
        groups = self._groups
        for _, before, after in changes:
            old = None if before is None else self._place(before)
            new = None if after is None else self._place(after)
            if old == new:
                continue
            if old is not None:
                key, entry = old
                group = groups[key]
                del group[bisect_left(group, entry)]
                if not group:
                    del groups[key]
            if new is not None:
                key, entry = new
                insort(groups.setdefault(key, []), entry)

    def _place(self, row: A) -> tuple[Hashable, tuple[Any, UUID]] | None:
        """The row's group and entry in it; None when the index leaves the row out."""
        key = self.key_of(row)
        return None if key is None else (key, (self.order_of(row), row.id))


def _unordered(row: Aggregate) -> int:
    """Every row the same order: a group is then in id order."""
    return 0
