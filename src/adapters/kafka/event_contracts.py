"""The event contracts, generated from the code: a JSON Schema per event type, an AsyncAPI 3.0
document of topics and messages. `todo kafka export-contracts` writes them to
docs/contracts/events/, and a test fails when the files there drift from what this produces.

Each schema describes an event's `data` as the outbox stores and the relay publishes it: the
fields of the domain event dataclass, ids and instants as strings, enums as their values, sets
as sorted arrays. Every field is always present (null when empty), hence all are required;
consumers must still ignore fields they do not know, so the schemas allow additional ones.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
from typing import Any

from pydantic import TypeAdapter

import todo_core.domain
from adapters.kafka.cloudevents import CONTENT_TYPE, SPEC_VERSION
from adapters.kafka.topics import TOPICS, EventTopics
from todo_core.domain.events import DomainEvent

__all__ = ["asyncapi_document", "contract_files", "event_classes", "event_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_KAFKA_BINDING = "0.5.0"


def event_classes() -> list[type[DomainEvent]]:
    """Every publishable event of the core (a concrete wire type), ordered by type name."""
    for module in pkgutil.iter_modules(todo_core.domain.__path__):
        if module.name.endswith("_events"):
            importlib.import_module(f"{todo_core.domain.__name__}.{module.name}")
    found: dict[str, type[DomainEvent]] = {}
    pending = list(DomainEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        # Only the core's own events (tests define others), and only concrete ones.
        if cls.__module__.startswith("todo_core.domain.") and hasattr(cls, "event_name"):
            found[cls.event_type()] = cls
    return [found[name] for name in sorted(found)]


def _strip_titles(schema: Any) -> Any:
    """A schema without pydantic's `title` ("Todo Id") and `default` keywords: noise here, as
    every field is always written. Names in `properties` and `$defs` are kept, whatever they are."""
    if isinstance(schema, list):
        return [_strip_titles(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    stripped: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("title", "default"):
            continue
        if key in ("properties", "$defs"):
            stripped[key] = {name: _strip_titles(sub) for name, sub in value.items()}
        else:
            stripped[key] = _strip_titles(value)
    return stripped


def _schema_map(schemas: dict[str, Any]) -> dict[str, Any]:
    return {name: _strip_titles(schema) for name, schema in schemas.items()}


def _description(cls: type[DomainEvent]) -> str:
    doc = cls.__doc__ or ""
    # A dataclass without a docstring gets its signature as one: not a description.
    return "" if doc.startswith(f"{cls.__name__}(") else " ".join(doc.split())


def event_schema(cls: type[DomainEvent]) -> dict[str, Any]:
    generated = TypeAdapter(cls).json_schema(mode="serialization", ref_template="#/$defs/{model}")
    fields = [field.name for field in dataclasses.fields(cls)]
    schema: dict[str, Any] = {
        "$schema": _DIALECT,
        "$id": f"{cls.event_type()}.schema.json",
        "title": cls.event_type(),
    }
    description = _description(cls)
    if description:
        schema["description"] = description
    schema |= {
        "type": "object",
        "properties": _schema_map(generated["properties"]),
        "required": fields,
        "additionalProperties": True,
    }
    if "$defs" in generated:
        schema["$defs"] = _schema_map(generated["$defs"])
    return schema


def _headers(event_type: str) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "properties": {
            "ce_specversion": {"const": SPEC_VERSION},
            "ce_id": {**text, "format": "uuid", "description": "the event id (outbox row id)"},
            "ce_type": {"const": event_type},
            "ce_source": {**text, "description": "the producing deployment (TODO_EVENT_SOURCE)"},
            "ce_time": {**text, "format": "date-time", "description": "when it happened"},
            "ce_subject": {**text, "format": "uuid", "description": "the aggregate id"},
            "content-type": {"const": CONTENT_TYPE},
        },
        "required": [
            "ce_specversion",
            "ce_id",
            "ce_type",
            "ce_source",
            "ce_time",
            "ce_subject",
            "content-type",
        ],
    }


def asyncapi_document() -> dict[str, Any]:
    topics = EventTopics()
    classes = event_classes()
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for spec in TOPICS:
        ours = [cls for cls in classes if topics.topic_for(cls.event_type()) == spec.name]
        channel_messages = {
            cls.event_type(): {"$ref": f"#/components/messages/{cls.event_type()}"} for cls in ours
        }
        channels[spec.name] = {
            "address": spec.name,
            "description": f"{spec.description}; key = aggregate id",
            "messages": channel_messages,
            "bindings": {
                "kafka": {
                    "topic": spec.name,
                    "partitions": spec.partitions,
                    "bindingVersion": _KAFKA_BINDING,
                }
            },
        }
        operations[f"publish.{spec.name}"] = {
            "action": "send",
            "summary": "The outbox relay publishes committed events, in order per aggregate.",
            "channel": {"$ref": f"#/channels/{spec.name}"},
            "messages": [
                {"$ref": f"#/channels/{spec.name}/messages/{cls.event_type()}"} for cls in ours
            ],
        }
    for cls in classes:
        message: dict[str, Any] = {
            "name": cls.event_type(),
            "title": cls.__name__,
            "contentType": CONTENT_TYPE,
            "headers": _headers(cls.event_type()),
            "payload": {"$ref": f"{cls.event_type()}.schema.json"},
            "bindings": {
                "kafka": {
                    "key": {"type": "string", "format": "uuid"},
                    "bindingVersion": _KAFKA_BINDING,
                }
            },
        }
        if _description(cls):
            message["summary"] = _description(cls)
        messages[cls.event_type()] = message
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "TODO service events",
            "version": "1.0.0",
            "description": (
                "CloudEvents 1.0 in Kafka's binary content mode: the value is the event's JSON "
                "data, the context is in `ce_*` headers, the key is the aggregate id. Delivery "
                "is at least once: deduplicate by `ce_id`. Ignore unknown fields; a breaking "
                "change is a new `.vN` type. Generated by `todo kafka export-contracts`."
            ),
        },
        "defaultContentType": CONTENT_TYPE,
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def _render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def contract_files() -> dict[str, str]:
    """File name -> content of every contract file, as `export-contracts` writes them."""
    files = {
        f"{cls.event_type()}.schema.json": _render(event_schema(cls)) for cls in event_classes()
    }
    files["asyncapi.json"] = _render(asyncapi_document())
    return files
