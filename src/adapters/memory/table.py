"""A committed table of aggregates: rows by id and the indexes over them.

Only a commit changes it (`apply`), and only in the rows the commit changes; units of work read
it through a `TableTransaction`. Built like a database table, so that embedding the core in
memory stays cheap as tables grow: lookups go through indexes, and a commit costs what it
changes, not what the table holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import Generic, TypeVar
from uuid import UUID

from adapters.memory.index import Change, SortedIndex, UniqueIndex
from todo_core.domain.aggregate import Aggregate

__all__ = ["InMemoryTable", "isolated_copy"]

A = TypeVar("A", bound=Aggregate)


class InMemoryTable(Generic[A]):
    def __init__(
        self,
        name: str,
        *,
        unique: Mapping[str, UniqueIndex[A]] | None = None,
        indexes: Mapping[str, SortedIndex[A]] | None = None,
    ) -> None:
        self.name = name
        self.unique = dict(unique or {})
        self.indexes = dict(indexes or {})
        self.rows: dict[UUID, A] = {}
        every = [*self.unique.values(), *self.indexes.values()]
        # Every attribute an index reads, read at once (in C) to tell whether a row moves.
        read = sorted({name for index in every for name in index.reads})
        self._indexed: Callable[[A], object] = attrgetter(*read) if read else _nothing

    def check(self, changes: Sequence[Change[A]]) -> None:
        """Raise `Conflict` if `changes` would break a unique index."""
        if self.unique:
            moved = self._moved(changes)
            for unique in self.unique.values():
                unique.check(self.name, moved)

    def apply(self, changes: Sequence[Change[A]]) -> None:
        """Make checked changes the committed state."""
        moved = self._moved(changes)
        if moved:
            for unique in self.unique.values():
                unique.apply(moved)
            for index in self.indexes.values():
                index.apply(moved)
        rows = self.rows
        for row_id, _, after in changes:
            if after is None:
                del rows[row_id]
            else:
                rows[row_id] = after

    def _moved(self, changes: Sequence[Change[A]]) -> list[Change[A]]:
        """The changes an index must hear of: additions, removals, and updates of an indexed
        attribute (most updates change none)."""
        indexed = self._indexed
        return [
            change
            for change in changes
            if change[1] is None or change[2] is None or indexed(change[1]) != indexed(change[2])
        ]


def _nothing(row: object) -> object:
    return None


def isolated_copy(row: A) -> A:
    """A copy that shares nothing mutable with `row`, without its pending events.

    Aggregates change by rebinding attributes to immutable values (frozen value objects,
    tuples, frozensets), never by mutating them in place; so a shallow copy with its own event
    list is as isolated as a deep copy. Made from the attribute dict directly: `copy.copy`
    takes the generic reduce protocol, several times slower, and this runs for every row read
    and written.
    """
    clone = object.__new__(type(row))
    clone.__dict__ = row.__dict__.copy()
    clone._events = []
    return clone
