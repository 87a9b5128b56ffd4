"""The load generator's framing: responses are counted whole, however the bytes arrive."""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks.http_load import Request, _Connection, _Window


class _Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        self.closed = True


def _response(status: int, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n"
    return (head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def _connection(window: _Window) -> tuple[_Connection, _Transport]:
    loop = asyncio.new_event_loop()
    try:
        closed: asyncio.Future[None] = loop.create_future()
    finally:
        loop.close()
    connection = _Connection(b"GET / HTTP/1.1\r\n\r\n", window, closed)
    transport = _Transport()
    fake: Any = transport
    connection.connection_made(fake)
    return connection, transport


def test_a_response_split_anywhere_counts_once_and_the_next_request_follows() -> None:
    window = _Window(0.0, float("inf"))
    connection, transport = _connection(window)
    response = _response(200, b'{"status":"ok"}')
    for cut in (1, 20, len(response) - 1):
        connection.data_received(response[:cut])
        connection.data_received(response[cut:])
    assert len(window.latencies) == 3
    assert len(transport.written) == 4  # the first request and one after each response


def test_statuses_outside_2xx_are_errors() -> None:
    window = _Window(0.0, float("inf"))
    connection, _ = _connection(window)
    connection.data_received(_response(201, b"{}"))
    connection.data_received(_response(429, b""))
    assert window.statuses == {201: 1, 429: 1}
    assert window.errors == 1


def test_requests_carry_their_body_and_headers() -> None:
    request = Request("POST", "/api/v1/todos", {"Authorization": "Bearer t"}, '{"title":"x"}')
    encoded = request.encode("127.0.0.1:8000")
    head, body = encoded.split(b"\r\n\r\n")
    assert body == b'{"title":"x"}'
    assert b"Content-Length: 13" in head
    assert b"Authorization: Bearer t" in head
