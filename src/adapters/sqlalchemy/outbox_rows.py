"""Domain events as outbox rows: the JSON payload a relay will publish later."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from todo_core.domain.events import DomainEvent

__all__ = ["event_to_outbox_row"]


def _json_value(value: Any) -> Any:
    """A field value as JSON can hold it: ids and instants as text, sequences as lists."""
    # Enum before str and int: a StrEnum is a str, but its JSON form is its value, not its repr.
    if isinstance(value, Enum):
        return _json_value(value.value)
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, UUID):
        return str(value)
    # datetime before date: every datetime is a date too. Both as ISO 8601 / RFC 3339 text.
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        items = [_json_value(item) for item in value]
        # Sets have no order; a sorted list keeps the payload stable from run to run.
        return sorted(items) if isinstance(value, frozenset | set) else items
    if isinstance(value, dict) or dataclasses.is_dataclass(value):
        return _json_object(value)
    raise TypeError(f"{type(value).__name__} has no JSON form for an outbox payload")


def _json_object(value: Any) -> dict[str, Any]:
    """A dict, or a value object inside an event (a digest's todos), as a JSON object."""
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return {f.name: _json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}


# Each event type's field names: `dataclasses.fields` builds its answer anew on every call.
_FIELD_NAMES: dict[type[DomainEvent], tuple[str, ...]] = {}


def _field_names(event_type: type[DomainEvent]) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(event_type)
    if names is None:
        names = _FIELD_NAMES[event_type] = tuple(f.name for f in dataclasses.fields(event_type))
    return names


def event_to_outbox_row(event: DomainEvent, *, row_id: UUID) -> dict[str, Any]:
    payload = {name: _json_value(getattr(event, name)) for name in _field_names(type(event))}
    return {
        "id": row_id,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "event_type": event.event_type(),
        "event_version": event.event_version,
        "payload": payload,
        "occurred_at": event.occurred_at,
    }
