from __future__ import annotations

from datetime import UTC

from adapters.system import SystemClock, Uuid7IdGenerator


def test_the_system_clock_is_aware_and_in_utc() -> None:
    assert SystemClock().now().tzinfo is UTC


def test_ids_are_version_7_and_sort_in_creation_order() -> None:
    generator = Uuid7IdGenerator()
    ids = [generator.new_id() for _ in range(1000)]
    assert {uuid.version for uuid in ids} == {7}
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
