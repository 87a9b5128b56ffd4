from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

import pytest

from todo_core.domain import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class _Incomplete(DomainEvent):
    aggregate_type: ClassVar[str] = "thing"
    event_name: ClassVar[str] = "happened"
    event_version: ClassVar[int] = 3


def test_wire_type_carries_aggregate_name_and_version() -> None:
    assert _Incomplete.event_type() == "todo.thing.happened.v3"


def test_an_event_must_say_which_aggregate_it_belongs_to() -> None:
    with pytest.raises(NotImplementedError):
        _ = _Incomplete(occurred_at=datetime.now(UTC)).aggregate_id
