"""The private, transactional view a unit of work gets of an in-memory table.

This is what makes the in-memory adapters honest twins of a database: a unit of work reads
copies, writes stay private until commit, commit refuses to overwrite a row another unit
changed since it was read (optimistic concurrency), and unique keys hold like unique indexes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar
from uuid import UUID

from adapters.memory.index import Change
from adapters.memory.table import InMemoryTable, isolated_copy
from todo_core.domain.aggregate import Aggregate
from todo_core.errors import Conflict, PreconditionFailed

__all__ = ["TableTransaction"]

A = TypeVar("A", bound=Aggregate)


class TableTransaction(Generic[A]):
    """The committed rows, under this transaction's own.

    Its own rows are the ones it handed out (copies) or added; they are few, so lookups scan
    them, and use the table's indexes for the committed rest.
    """

    def __init__(self, table: InMemoryTable[A]) -> None:
        self.table = table
        # Own rows by id, each with the committed row it was copied from (None: added here).
        self._own: dict[UUID, tuple[A, A | None]] = {}
        self._removed: set[UUID] = set()

    @property
    def touched(self) -> bool:
        """Whether it handed out or added a row (else commit has nothing to do here)."""
        return bool(self._own)

    def discard(self) -> None:
        """Forget every change: the transaction sees the committed table again."""
        if self._own:
            self._own = {}
            self._removed = set()

    def get(self, row_id: UUID) -> A | None:
        held = self._own.get(row_id)
        if held is not None:
            return None if self._is_removed(row_id) else held[0]
        committed = self.table.rows.get(row_id)
        return None if committed is None else self._track(committed)

    def add(self, row: A) -> None:
        row_id = row.id
        held = row_id in self._own and not self._is_removed(row_id)
        if held or row_id in self.table.rows:
            raise Conflict(f"{self.table.name} {row_id} already exists")
        self._own[row_id] = (row, None)

    def remove(self, row: A) -> None:
        if self.get(row.id) is not None:
            self._removed.add(row.id)

    def scan(self, predicate: Callable[[A], bool]) -> list[A]:
        """Every visible row matching `predicate`; only the matches are copied and tracked."""
        own = [row for row in self._live() if predicate(row)]
        own_ids = self._own
        committed = self.table.rows.items()
        # The predicate first: it rejects most rows, and is cheaper than hashing their ids.
        return own + [
            self._track(row)
            for row_id, row in committed
            if predicate(row) and row_id not in own_ids
        ]

    def find(self, index: str, key: Hashable, where: Callable[[A], bool] | None = None) -> list[A]:
        """Every visible row whose key in the named index is `key` (and that matches `where`),
        copied and tracked; rows `where` rejects are neither."""
        own, committed = self._lookup(index, key)
        if where is not None:
            own = [row for row in own if where(row)]
            committed = [row for row in committed if where(row)]
        return own + [self._track(row) for row in committed]

    def find_one(self, index: str, key: Hashable) -> A | None:
        """The visible row holding `key` in the named unique index, copied and tracked."""
        own, committed = self._lookup(index, key)
        if own:
            return own[0]
        return self._track(committed[0]) if committed else None

    def peek_last(self, index: str, key: Hashable) -> A | None:
        """The visible row that sorts last in the named index's group `key`, to read and not to
        change: a committed row comes as it is, neither copied nor tracked."""
        sorted_index = self.table.indexes[index]
        key_of, order_of = sorted_index.key_of, sorted_index.order_of
        last = None
        for row in self._live():
            if key_of(row) == key and (
                last is None or (order_of(row), row.id) > (order_of(last), last.id)
            ):
                last = row
        # The committed group's last row that is not among the own rows (compared above, as
        # they are now).
        for entry in reversed(sorted_index.entries(key)):
            if entry[1] not in self._own:
                if last is None or entry > (order_of(last), last.id):
                    last = self.table.rows[entry[1]]
                break
        return last

    def seen(self) -> list[A]:
        """Every row this transaction handed out or added, removed ones included (for events)."""
        return [row for row, _ in self._own.values()]

    def prepare(self) -> list[Change[A]]:
        """The changes commit would make, as copies; raises instead if commit must fail."""
        rows = self.table.rows
        changes: list[Change[A]] = []
        existing: UUID | None = None
        for row_id, (row, loaded) in self._own.items():
            removed = self._is_removed(row_id)
            if loaded is None:
                # Added here; a row added and removed again never reaches the table.
                if removed:
                    continue
                if row_id in rows:
                    existing = row_id
                changes.append((row_id, None, isolated_copy(row)))
                continue
            if not removed and row.version == loaded.version:
                continue
            current = rows.get(row_id)
            if current is None or current.version != loaded.version:
                raise PreconditionFailed(
                    f"{self.table.name} {row_id} was changed by someone else; reload and retry"
                )
            # A copy, so objects the caller still holds cannot change committed state; without
            # its events, which belong to this commit and must not be replayed by whoever
            # loads the row next.
            changes.append((row_id, current, None if removed else isolated_copy(row)))
        if existing is not None:
            raise Conflict(f"{self.table.name} {existing} already exists")
        self.table.check(changes)
        return changes

    def _lookup(self, index: str, key: Hashable) -> tuple[list[A], list[A]]:
        """The visible rows with `key` in the named index: own ones, and committed ones not
        handed out yet (the index knows committed rows only)."""
        found = self.table.index(index)
        key_of = found.key_of
        own = [row for row in self._live() if key_of(row) == key]
        rows, own_ids = self.table.rows, self._own
        return own, [rows[row_id] for row_id in found.ids(key) if row_id not in own_ids]

    def _live(self) -> list[A]:
        """Own rows not removed."""
        if not self._removed:
            return [row for row, _ in self._own.values()]
        return [row for row_id, (row, _) in self._own.items() if row_id not in self._removed]

    def _is_removed(self, row_id: UUID) -> bool:
        # Most transactions remove nothing: no need to hash the id (in Python, for a UUID).
        return bool(self._removed) and row_id in self._removed

    def _track(self, committed: A) -> A:
        row = isolated_copy(committed)
        self._own[row.id] = (row, committed)
        return row
