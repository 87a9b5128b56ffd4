"""The catalogue of published event types is what consumers call known."""

from __future__ import annotations

from todo_core.domain.event_catalogue import published_event_types


def test_every_concrete_event_is_known_by_its_wire_name() -> None:
    types = published_event_types()

    assert {"todo.todo.created.v1", "todo.label.created.v1", "todo.todo.reminder_due.v1"} <= types
    # Intermediate bases such as TodoEvent name no event.
    assert all(name.count(".") == 3 and name.endswith(".v1") for name in types)
