"""The event contracts in docs/contracts/events/ are what the code produces: regenerate them
with `todo kafka export-contracts` when an event changes, and this test holds them to it."""

from __future__ import annotations

import dataclasses
import json
import types
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID, uuid4

import jsonschema  # type: ignore[import-untyped]
import pytest

from adapters.kafka import EventTopics
from adapters.kafka.event_contracts import contract_files, event_classes, event_schema
from adapters.sqlalchemy.outbox_rows import event_to_outbox_row
from entrypoints.kafka_commands import export_contracts
from todo_core.domain.events import DomainEvent

CONTRACTS = Path(__file__).resolve().parents[2] / "docs" / "contracts" / "events"
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def test_the_committed_contracts_are_the_generated_ones() -> None:
    generated = contract_files()
    on_disk = {path.name: path.read_text() for path in CONTRACTS.glob("*.json")}
    assert sorted(on_disk) == sorted(generated), "run `todo kafka export-contracts`"
    for name, content in generated.items():
        assert on_disk[name] == content, f"{name} drifted: run `todo kafka export-contracts`"


def test_export_writes_the_files_and_check_reports_a_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export_contracts(tmp_path, check=True) == 1  # nothing there yet
    assert export_contracts(tmp_path, check=False) == 0
    assert export_contracts(tmp_path, check=True) == 0
    (tmp_path / "todo.todo.created.v1.schema.json").write_text("{}")
    (tmp_path / "todo.todo.dropped.v1.schema.json").write_text("{}")
    assert export_contracts(tmp_path, check=True) == 1
    err = capsys.readouterr().err
    assert "todo.todo.created.v1.schema.json is out of date" in err
    assert "todo.todo.dropped.v1.schema.json is out of date" in err
    assert export_contracts(tmp_path, check=False) == 0
    assert not (tmp_path / "todo.todo.dropped.v1.schema.json").exists()


def _sample(hint: Any, *, empty: bool) -> Any:
    """A value of the annotated type; `empty` picks None for optional fields."""
    if get_origin(hint) in (Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        return None if empty else _sample(options[0], empty=empty)
    supertype = getattr(hint, "__supertype__", None)  # NewType ids
    if supertype is not None:
        return _sample(supertype, empty=empty)
    if get_origin(hint) in (tuple, frozenset):
        return get_origin(hint)([_sample(get_args(hint)[0], empty=empty)])
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):  # a value object in an event
        fields = get_type_hints(hint)
        return hint(
            **{f.name: _sample(fields[f.name], empty=empty) for f in dataclasses.fields(hint)}
        )
    samples: dict[Any, Any] = {
        UUID: uuid4(),
        datetime: NOW,
        date: NOW.date(),
        str: "x",
        int: 3,
        bool: True,
    }
    return samples[hint]


def _events(cls: type[DomainEvent]) -> list[DomainEvent]:
    hints = get_type_hints(cls)
    return [
        cls(**{f.name: _sample(hints[f.name], empty=empty) for f in dataclasses.fields(cls)})
        for empty in (False, True)
    ]


@pytest.mark.parametrize("cls", event_classes(), ids=lambda cls: cls.event_type())
def test_what_the_outbox_stores_matches_the_schema_exactly(cls: type[DomainEvent]) -> None:
    schema = event_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for event in _events(cls):
        payload = event_to_outbox_row(event, row_id=uuid4())["payload"]
        # Through JSON, as the relay publishes it.
        data = json.loads(json.dumps(payload))
        validator.validate(data)
        assert sorted(data) == sorted(schema["properties"])


def test_every_event_type_has_a_topic_and_a_message_in_the_asyncapi_document() -> None:
    document = json.loads(contract_files()["asyncapi.json"])
    assert document["asyncapi"] == "3.0.0"
    topics = EventTopics()
    for cls in event_classes():
        channel = document["channels"][topics.topic_for(cls.event_type())]
        assert cls.event_type() in channel["messages"]
        message = document["components"]["messages"][cls.event_type()]
        assert message["payload"] == {"$ref": f"{cls.event_type()}.schema.json"}
        assert message["headers"]["properties"]["ce_type"] == {"const": cls.event_type()}
    assert len(document["components"]["messages"]) == len(event_classes()) == 23
