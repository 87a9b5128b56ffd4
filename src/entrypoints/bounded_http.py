"""uvicorn's httptools protocol, with limits on the part of a request the server buffers
before any application code runs: its head (request line and headers).

Neither httptools nor uvicorn's use of it bounds a head (h11's `max_incomplete_event_size` is
for h11 alone), so one request with a huge header was buffered whole, for seconds, while the
event loop served nobody else. Here:

- a request target over `MAX_TARGET_BYTES` is answered 414, a head over `MAX_HEAD_BYTES` 431,
  both as problem details and with `Connection: close`, through uvicorn's own request cycle
  (so the access log records them);
- a head still arriving past `MAX_HEAD_BYTES` is answered 431 at once and the connection
  closed: at most one read (256 KiB) more than the limit is ever buffered.

The limits are far above what any client of this API sends (a bearer token is under 1 KiB).
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Final

from uvicorn._types import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["MAX_HEAD_BYTES", "MAX_TARGET_BYTES", "BoundedHttpToolsProtocol"]

MAX_HEAD_BYTES: Final = 32 * 1024
MAX_TARGET_BYTES: Final = 8 * 1024
# ": " and CRLF around each header, the method, version and CRLFs of the request line.
_HEADER_FRAMING = 4
_REQUEST_LINE_FRAMING = 24


def _problem(status: HTTPStatus, detail: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    slug = status.phrase.lower().replace(" ", "-")
    body = json.dumps(
        {"type": f"urn:todo:problem:{slug}", "title": status.phrase, "status": status.value}
        | {"detail": detail}
    ).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"cache-control", b"no-store"),
        (b"connection", b"close"),
    ]
    return headers, body


def _answer(status: HTTPStatus, detail: str) -> ASGI3Application:
    headers, body = _problem(status, detail)

    async def app(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
        await send({"type": "http.response.start", "status": status.value, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    return app


_HEAD_DETAIL = f"The request's head (request line and headers) is over {MAX_HEAD_BYTES} bytes"
_HEAD_TOO_LARGE: Final = _answer(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, _HEAD_DETAIL)
_TARGET_TOO_LONG: Final = _answer(
    HTTPStatus.REQUEST_URI_TOO_LONG, f"The request target is over {MAX_TARGET_BYTES} bytes"
)


def _raw_response(status: HTTPStatus, detail: str) -> bytes:
    headers, body = _problem(status, detail)
    lines = [f"HTTP/1.1 {status.value} {status.phrase}".encode()]
    lines += [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


_HEAD_TOO_LARGE_RAW: Final = _raw_response(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, _HEAD_DETAIL)


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    _reading_head = False
    # Bytes received since the current request's head began (counted after each read).
    _head_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head = True
        self._head_bytes = 0

    def on_headers_complete(self) -> None:
        self._reading_head = False
        refusal = self._refusal()
        if refusal is None:
            super().on_headers_complete()
            return
        # uvicorn starts the request's cycle with `self.app`: this one request gets the answer.
        app, self.app = self.app, refusal
        try:
            super().on_headers_complete()
        finally:
            self.app = app

    def _refusal(self) -> ASGI3Application | None:
        if len(self.url) > MAX_TARGET_BYTES:
            return _TARGET_TOO_LONG
        size = len(self.url) + _REQUEST_LINE_FRAMING
        size += sum(len(name) + len(value) + _HEADER_FRAMING for name, value in self.headers)
        return _HEAD_TOO_LARGE if size > MAX_HEAD_BYTES else None

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self._reading_head or self.transport.is_closing():
            return
        # The head is still incomplete after this read: all of it (but for the end of a
        # pipelined request before it) was head.
        self._head_bytes += len(data)
        if self._head_bytes > MAX_HEAD_BYTES:
            self._reading_head = False
            host, port = self.client or ("-", 0)
            self.logger.warning("%s:%d - head over %d bytes: 431", host, port, MAX_HEAD_BYTES)
            self.transport.write(_HEAD_TOO_LARGE_RAW)
            self.transport.close()
