"""A committed table of aggregates: rows by id and the indexes over them.

Only a commit changes it (`apply`), and only in the rows the commit changes; units of work read
it through a `TableTransaction`. Built like a database table, so that embedding the core in
memory stays cheap as tables grow: lookups go through indexes, and a commit costs what it
changes, not what the table holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

    def index(self, name: str) -> UniqueIndex[A] | SortedIndex[A]:
        return self.unique.get(name) or self.indexes[name]

    def check(self, changes: Sequence[Change[A]]) -> None:
        """Raise `Conflict` if `changes` would break a unique index."""
        for unique in self.unique.values():
            unique.check(self.name, changes)

    def apply(self, changes: Sequence[Change[A]]) -> None:
        """Make checked changes the committed state."""
        for unique in self.unique.values():
            unique.apply(changes)
        for index in self.indexes.values():
            index.apply(changes)
        rows = self.rows
        for row_id, _, after in changes:
            if after is None:
                del rows[row_id]
            else:
                rows[row_id] = after


def isolated_copy(row: A) -> A:
    """A copy that shares nothing mutable with `row`, without its pending events.

    Aggregates change by rebinding attributes to immutable values (frozen value objects,
    tuples, frozensets), never by mutating them in place; so a shallow copy with its own event
    list is as isolated as a deep copy. Made from the attribute dict directly: `copy.copy`
    takes the generic reduce protocol, several times slower, and this runs for every row read.
    """
    clone = object.__new__(type(row))
    clone.__dict__.update(row.__dict__)
    clone._events = []
    return clone
