"""Domain events as outbox rows: the JSON payload a relay will publish later."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from todo_core.domain.events import DomainEvent

__all__ = ["event_to_outbox_row"]


def _json_value(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def event_to_outbox_row(event: DomainEvent, *, row_id: UUID) -> dict[str, Any]:
    payload = {
        field.name: _json_value(getattr(event, field.name)) for field in dataclasses.fields(event)
    }
    return {
        "id": row_id,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "event_type": event.event_type(),
        "event_version": event.event_version,
        "payload": payload,
        "occurred_at": event.occurred_at,
    }
