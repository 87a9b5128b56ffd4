"""A committed table of aggregates and the private, transactional view a unit of work gets of it.

This is what makes the in-memory adapters honest twins of a database: a unit of work reads
copies, writes stay private until commit, commit refuses to overwrite a row another unit
changed since it was read (optimistic concurrency), and unique keys hold like unique indexes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from uuid import UUID

from todo_core.domain.aggregate import Aggregate
from todo_core.errors import Conflict, PreconditionFailed

__all__ = ["InMemoryTable", "TableTransaction", "UniqueKey"]

A = TypeVar("A", bound=Aggregate)

# Maps a row to the value that must be unique among rows, or None when the rule does not apply
# (like a partial unique index, e.g. list names only among non-archived lists).
UniqueKey = Callable[[A], Hashable | None]


@dataclass(eq=False)
class InMemoryTable(Generic[A]):
    name: str
    unique_keys: tuple[UniqueKey[A], ...] = ()
    rows: dict[UUID, A] = field(default_factory=dict)


class TableTransaction(Generic[A]):
    def __init__(self, table: InMemoryTable[A]) -> None:
        self._table = table
        self._working: dict[UUID, A] = {}
        self._loaded_versions: dict[UUID, int] = {}
        self._added: set[UUID] = set()
        self._removed: set[UUID] = set()

    def get(self, row_id: UUID) -> A | None:
        if row_id in self._removed:
            return None
        if row_id in self._working:
            return self._working[row_id]
        committed = self._table.rows.get(row_id)
        return None if committed is None else self._track(committed)

    def add(self, row: A) -> None:
        if self.get(row.id) is not None or row.id in self._table.rows:
            raise Conflict(f"{self._table.name} {row.id} already exists")
        self._working[row.id] = row
        self._added.add(row.id)

    def remove(self, row: A) -> None:
        tracked = self.get(row.id)
        if tracked is not None:
            self._removed.add(row.id)

    def scan(self, predicate: Callable[[A], bool]) -> list[A]:
        """Every visible row matching `predicate`; only the matches are copied and tracked."""
        return [
            row if row.id in self._working else self._track(row) for row in self.peek(predicate)
        ]

    def peek(self, predicate: Callable[[A], bool]) -> list[A]:
        """Every visible row matching `predicate`, to read and not to change: committed rows
        come as they are, neither copied nor tracked (so a lookup such as "the last position
        in a list" costs no copy of every todo in it)."""
        # The predicate first: it rejects most rows, and is cheaper than hashing their ids.
        found = [
            row
            for row_id, row in self._working.items()
            if predicate(row) and row_id not in self._removed
        ]
        found += [
            row
            for row_id, row in self._table.rows.items()
            if predicate(row) and row_id not in self._working
        ]
        return found

    def seen(self) -> Iterator[A]:
        """Every row this transaction handed out or added, removed ones included (for events)."""
        return iter(list(self._working.values()))

    def prepare(self) -> dict[UUID, A]:
        """The table's rows as they would be after commit; raises instead if commit must fail."""
        rows = self._table.rows
        for row_id, loaded in self._loaded_versions.items():
            changed = row_id in self._removed or self._working[row_id].version != loaded
            current = rows.get(row_id)
            if changed and (current is None or current.version != loaded):
                raise PreconditionFailed(
                    f"{self._table.name} {row_id} was changed by someone else; reload and retry"
                )
        after = dict(rows)
        for row_id in self._added - self._removed:
            if row_id in after:
                raise Conflict(f"{self._table.name} {row_id} already exists")
        for row_id, row in self._working.items():
            if row_id in self._added or row.version != self._loaded_versions.get(row_id):
                # A copy, so objects the caller still holds cannot change committed state;
                # without its events, which belong to this commit and must not be replayed
                # by whoever loads the row next.
                committed = _isolated_copy(row)
                after[row_id] = committed
        for row_id in self._removed:
            after.pop(row_id, None)
        self._check_unique(after)
        return after

    def _check_unique(self, rows: dict[UUID, A]) -> None:
        for key_of in self._table.unique_keys:
            seen: set[Hashable] = set()
            for row in rows.values():
                key = key_of(row)
                if key is None:
                    continue
                if key in seen:
                    raise Conflict(f"{self._table.name}: {key!r} is already taken")
                seen.add(key)

    def _track(self, committed: A) -> A:
        row = _isolated_copy(committed)
        self._working[row.id] = row
        self._loaded_versions[row.id] = row.version
        return row


def _isolated_copy(row: A) -> A:
    """A copy that shares nothing mutable with `row`, without its pending events.

    Aggregates change by rebinding attributes to immutable values (frozen value objects,
    tuples, frozensets), never by mutating them in place; so a shallow copy with its own event
    list is as isolated as a deep copy, and several times cheaper.
    """
    clone = copy.copy(row)
    clone._events = []
    return clone
