"""Priorities are ordered, so lists can filter by "at least high" and sort by urgency."""

from __future__ import annotations

import pytest

from todo_core.domain.priority import Priority


def test_priorities_rank_from_none_to_urgent() -> None:
    assert [(p.value, p.rank) for p in Priority] == [
        ("none", 0),
        ("low", 1),
        ("medium", 2),
        ("high", 3),
        ("urgent", 4),
    ]


def test_sorting_by_rank_puts_the_most_urgent_last() -> None:
    shuffled = [Priority.HIGH, Priority.NONE, Priority.URGENT, Priority.LOW, Priority.MEDIUM]
    assert sorted(shuffled, key=lambda p: p.rank) == list(Priority)


def test_an_unknown_priority_is_refused() -> None:
    with pytest.raises(ValueError, match="'critical' is not a valid Priority"):
        Priority("critical")
