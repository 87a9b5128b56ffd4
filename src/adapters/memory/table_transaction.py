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
from todo_core.domain.events import DomainEvent
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
        # `if self._own` first, here and below: most lookups come before the transaction holds
        # anything, and hashing a UUID (in Python) is the dearest step of a lookup.
        if self._own:
            held = self._own.get(row_id)
            if held is not None:
                return None if self._is_removed(row_id) else held[0]
        committed = self.table.rows.get(row_id)
        return None if committed is None else self._track(committed)

    def add(self, row: A) -> None:
        row_id = row.id
        held = bool(self._own) and row_id in self._own and not self._is_removed(row_id)
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
        """Every visible row whose key in the named sorted index is `key` (and that matches
        `where`), copied and tracked; rows `where` rejects are neither."""
        sorted_index = self.table.indexes[index]
        own = self._own_with(sorted_index.key_of, key) if self._own else []
        rows, held = self.table.rows, self._own
        committed = [
            rows[row_id] for _, row_id in sorted_index.entries(key) if not (held and row_id in held)
        ]
        if where is not None:
            own = [row for row in own if where(row)]
            committed = [row for row in committed if where(row)]
        return own + [self._track(row) for row in committed]

    def find_one(self, index: str, key: Hashable) -> A | None:
        """The visible row holding `key` in the named unique index, copied and tracked."""
        unique = self.table.unique[index]
        if self._own:
            for row in self._own_with(unique.key_of, key):
                return row
        row_id = unique.get(key)
        # A committed holder the transaction holds did not match above: its key changed.
        if row_id is None or (self._own and row_id in self._own):
            return None
        return self._track(self.table.rows[row_id])

    def peek_last(self, index: str, key: Hashable) -> A | None:
        """The visible row that sorts last in the named index's group `key`, to read and not to
        change: a committed row comes as it is, neither copied nor tracked."""
        sorted_index = self.table.indexes[index]
        last = None
        if self._own:
            order_of = sorted_index.order_of
            for row in self._own_with(sorted_index.key_of, key):
                if last is None or (order_of(row), row.id) > (order_of(last), last.id):
                    last = row
        # The committed group's last row that the transaction does not hold (those it holds
        # were compared above, as they are now).
        for entry in reversed(sorted_index.entries(key)):
            if not (self._own and entry[1] in self._own):
                if last is None or entry > (sorted_index.order_of(last), last.id):
                    last = self.table.rows[entry[1]]
                break
        return last

    def pull_events(self) -> list[DomainEvent]:
        """The events of every row this transaction handed out or added, removed ones
        included, in the order it first held them."""
        events: list[DomainEvent] = []
        for row, _ in self._own.values():
            events += row.pull_events()
        return events

    def prepare(self) -> list[Change[A]]:
        """The changes commit would make, as copies; raises instead if commit must fail."""
        rows, removals = self.table.rows, self._removed
        changes: list[Change[A]] = []
        existing: UUID | None = None
        for row_id, (row, loaded) in self._own.items():
            removed = bool(removals) and row_id in removals
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
        if self.table.unique:
            self.table.check(changes)
        return changes

    def _own_with(self, key_of: Callable[[A], object], key: Hashable) -> list[A]:
        """Rows the transaction holds, not removed, with `key`: a few, so a scan is cheap."""
        removed = self._removed
        return [
            row
            for row_id, (row, _) in self._own.items()
            if key_of(row) == key and not (removed and row_id in removed)
        ]

    def _live(self) -> list[A]:
        """Rows the transaction holds, not removed."""
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
