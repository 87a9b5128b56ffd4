"""The CloudEvents binary-mode codec: what the relay writes is exactly what consumers read back,
and anything else is refused as malformed (a poison message), never half-read."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from adapters.kafka import CloudEvent, MalformedCloudEvent, cloud_event_from_outbox, decode, encode
from todo_core.ports.event_publisher import OutboxMessage

EVENT_ID = UUID("01900000-0000-7000-8000-000000000001")
TODO_ID = UUID("01900000-0000-7000-8000-0000000000aa")
MESSAGE = OutboxMessage(
    id=EVENT_ID,
    aggregate_type="todo",
    aggregate_id=TODO_ID,
    event_type="todo.todo.created.v1",
    event_version=1,
    occurred_at=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
    payload={"todo_id": str(TODO_ID), "title": "Büro aufräumen"},
)


def _event() -> CloudEvent:
    return cloud_event_from_outbox(MESSAGE, source="/todo/api")


def test_encoding_puts_the_context_in_headers_and_the_data_in_the_value() -> None:
    record = encode(_event())
    headers = dict(record.headers)
    assert record.key == str(TODO_ID).encode()
    assert headers == {
        "ce_specversion": b"1.0",
        "ce_id": str(EVENT_ID).encode(),
        "ce_type": b"todo.todo.created.v1",
        "ce_source": b"/todo/api",
        "ce_time": b"2026-11-26T09:30:00+00:00",
        "ce_subject": str(TODO_ID).encode(),
        "content-type": b"application/json",
    }
    assert record.value.decode() == (
        '{"title":"Büro aufräumen","todo_id":"01900000-0000-7000-8000-0000000000aa"}'
    )


def test_decoding_an_encoded_event_gives_it_back() -> None:
    record = encode(_event())
    assert decode(record.key, record.value, record.headers) == _event()


def _headers(**changes: bytes | None) -> list[tuple[str, bytes]]:
    headers = dict(encode(_event()).headers)
    for argument, value in changes.items():
        name = argument.replace("content_type", "content-type")
        if value is None:
            del headers[name]
        else:
            headers[name] = value
    return list(headers.items())


@pytest.mark.parametrize(
    ("headers", "value", "reason"),
    [
        (_headers(ce_id=None), b"{}", "missing CloudEvents headers: ce_id"),
        (_headers(ce_specversion=b"0.3"), b"{}", "unsupported specversion"),
        (_headers(ce_type=b"created"), b"{}", "malformed type"),
        (_headers(ce_id=b"not-a-uuid"), b"{}", "malformed envelope"),
        (_headers(ce_time=b"2026-11-26T09:30:00"), b"{}", "no offset"),
        (_headers(content_type=b"text/plain"), b"{}", "unsupported content-type"),
        (_headers(ce_type=b"\xff"), b"{}", "not UTF-8"),
        (_headers(), b"{not json", "malformed envelope"),
        (_headers(), b"[1, 2]", "not a JSON object"),
        (_headers(), None, "not a JSON object"),
    ],
)
def test_anything_but_a_valid_envelope_is_malformed(
    headers: list[tuple[str, bytes]], value: bytes | None, reason: str
) -> None:
    with pytest.raises(MalformedCloudEvent, match=reason):
        decode(str(TODO_ID).encode(), value, headers)


def test_a_key_that_is_not_the_subject_is_malformed() -> None:
    record = encode(_event())
    with pytest.raises(MalformedCloudEvent, match="key differs"):
        decode(b"another-aggregate", record.value, record.headers)
