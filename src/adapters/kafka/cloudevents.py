"""CloudEvents 1.0 in Kafka's binary content mode: the wire form of every published event.

Binary mode keeps the event's data as the record value (plain JSON, readable by any consumer)
and the context attributes in headers: `ce_specversion`, `ce_id`, `ce_type`, `ce_source`,
`ce_time`, `ce_subject`, plus `content-type`. The record key is the aggregate id, so Kafka's
partitioner keeps one aggregate's events on one partition, in order.

`decode` is strict about the envelope (a consumer must be able to trust `id` for
deduplication and `type` for dispatch) and lenient about data: consumers ignore unknown
fields, and a breaking change is a new `.vN` type, never a change to an old one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from todo_core.ports.event_publisher import OutboxMessage

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "CloudEvent",
    "KafkaRecord",
    "MalformedCloudEvent",
    "cloud_event_from_outbox",
    "decode",
    "encode",
]

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
# `todo.<aggregate>.<event>.v<N>`, the form `DomainEvent.event_type()` produces.
_TYPE = re.compile(r"^todo\.[a-z_]+\.[a-z_]+\.v[1-9][0-9]*$")
_REQUIRED_HEADERS = ("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_subject")


class MalformedCloudEvent(ValueError):
    """A record that is not one of our CloudEvents: a poison message for consumers."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CloudEvent:
    id: UUID
    type: str
    source: str
    # The aggregate id: what the event is about, and the record key.
    subject: str
    time: datetime
    data: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class KafkaRecord:
    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...]


def cloud_event_from_outbox(message: OutboxMessage, *, source: str) -> CloudEvent:
    return CloudEvent(
        id=message.id,
        type=message.event_type,
        source=source,
        subject=str(message.aggregate_id),
        time=message.occurred_at,
        data=message.payload,
    )


# The relay encodes every event: the constant parts are made once.
_SPEC_VERSION_HEADER = ("ce_specversion", SPEC_VERSION.encode())
_CONTENT_TYPE_HEADER = ("content-type", CONTENT_TYPE.encode())
_json_data = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode


def encode(event: CloudEvent) -> KafkaRecord:
    subject = event.subject.encode()
    return KafkaRecord(
        key=subject,
        value=_json_data(event.data).encode(),
        headers=(
            _SPEC_VERSION_HEADER,
            ("ce_id", str(event.id).encode()),
            ("ce_type", event.type.encode()),
            ("ce_source", event.source.encode()),
            ("ce_time", event.time.isoformat().encode()),
            ("ce_subject", subject),
            _CONTENT_TYPE_HEADER,
        ),
    )


def decode(
    key: bytes | None, value: bytes | None, headers: Iterable[tuple[str, bytes]]
) -> CloudEvent:
    """The event a record carries; `MalformedCloudEvent` when it is not a valid envelope."""
    try:
        attributes = {name: raw.decode() for name, raw in headers}
    except (UnicodeDecodeError, AttributeError) as exc:
        raise MalformedCloudEvent("headers are not UTF-8 text") from exc
    missing = [name for name in _REQUIRED_HEADERS if not attributes.get(name)]
    if missing:
        raise MalformedCloudEvent(f"missing CloudEvents headers: {', '.join(missing)}")
    if attributes["ce_specversion"] != SPEC_VERSION:
        raise MalformedCloudEvent(f"unsupported specversion {attributes['ce_specversion']!r}")
    if attributes.get("content-type", CONTENT_TYPE).split(";")[0].strip() != CONTENT_TYPE:
        raise MalformedCloudEvent(f"unsupported content-type {attributes['content-type']!r}")
    if not _TYPE.match(attributes["ce_type"]):
        raise MalformedCloudEvent(f"malformed type {attributes['ce_type']!r}")
    try:
        event_id = UUID(attributes["ce_id"])
        time = datetime.fromisoformat(attributes["ce_time"])
        data = json.loads(value) if value is not None else None
    except ValueError as exc:
        raise MalformedCloudEvent(f"malformed envelope: {exc}") from exc
    if time.tzinfo is None:
        raise MalformedCloudEvent("ce_time has no offset")
    if not isinstance(data, dict):
        raise MalformedCloudEvent("data is not a JSON object")
    if key is not None and key.decode(errors="replace") != attributes["ce_subject"]:
        raise MalformedCloudEvent("record key differs from ce_subject")
    return CloudEvent(
        id=event_id,
        type=attributes["ce_type"],
        source=attributes["ce_source"],
        subject=attributes["ce_subject"],
        time=time,
        data=data,
    )
