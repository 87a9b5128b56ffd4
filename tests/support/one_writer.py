"""SQLite runs one writer at a time (ADR 0013): two units of work on it never overlap.

A second unit waits for the first to finish, so the lost races the overlapping-unit tests
provoke on PostgreSQL and the in-memory twin cannot happen there; SQLite's own test of the
same situation is that the second unit builds on the first's commit.
"""

from __future__ import annotations

import pytest

__all__ = ["skip_overlapping_units_on_sqlite"]


def skip_overlapping_units_on_sqlite(backend: str) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite runs one writer at a time: two units never overlap (ADR 0013)")
