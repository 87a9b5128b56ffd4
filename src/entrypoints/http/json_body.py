"""How every JSON request body is read: the one place that decides whether it is JSON at all.

Litestar decodes a body with msgspec before fitting it to the route's type, and lets three
kinds of bad input escape as server errors or vague messages; `JsonRequest.json()` (the app's
request class, so every route and middleware that reads a body goes through it) answers each
with a client error instead:

- a body whose `Content-Type` is not JSON (`application/json` or `application/*+json`), or
  that has none: 415, naming the expected type;
- bytes that are not UTF-8 inside a string: 400 (msgspec raises `UnicodeDecodeError`);
- nesting deeper than `MAX_JSON_DEPTH` arrays and objects: 400 (msgspec recurses, and deep
  enough input is a `RecursionError`);
- malformed JSON: 400 with the position of the fault. msgspec calls a lone UTF-16 surrogate
  escape (`"\\ud800"`) "truncated"; the standard library's parser, asked second, accepts those
  (so the fault is named as such) and words the other faults with line and column.

What fits no route's shape is left to Litestar's validation (422).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

import msgspec
from litestar import Request
from litestar.exceptions import ClientException, HTTPException
from litestar.types import Empty

__all__ = ["JSON_MEDIA_TYPE", "MAX_JSON_DEPTH", "JsonRequest", "MalformedJson", "decode_json_body"]

JSON_MEDIA_TYPE: Final = "application/json"
# Deeper than any body of the API (a todo is three levels), far from the interpreter's limit.
MAX_JSON_DEPTH: Final = 64
_DECODER: Final = msgspec.json.Decoder()


class MalformedJson(ClientException):
    """400: the body is not JSON."""


class UnsupportedMediaType(HTTPException):
    status_code = 415


def decode_json_body(raw: bytes) -> Any:
    """The body as JSON values, or `MalformedJson` saying what is wrong and where."""
    try:
        value = _DECODER.decode(raw)
    except UnicodeDecodeError:
        raise MalformedJson(_not_utf8(raw)) from None
    except RecursionError:
        raise MalformedJson(_too_deep()) from None
    except msgspec.DecodeError as error:
        raise MalformedJson(_explain(raw, error)) from None
    # Counting brackets first spares the walk for every body that cannot be too deep.
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH and _deeper_than(value, MAX_JSON_DEPTH):
        raise MalformedJson(_too_deep())
    return value


def _not_utf8(raw: bytes) -> str:
    # msgspec counts from the start of the string it was reading; the client needs the offset
    # in the body.
    try:
        raw.decode()
    except UnicodeDecodeError as error:
        return f"The body is not valid UTF-8: {error.reason} at byte {error.start}"
    return "The body is not valid UTF-8"  # pragma: no cover - msgspec and Python agree


def _too_deep() -> str:
    return f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels"


def _explain(raw: bytes, error: msgspec.DecodeError) -> str:
    try:
        json.loads(raw)
    except json.JSONDecodeError as stdlib_error:
        return f"The body is not valid JSON: {stdlib_error}"
    except RecursionError:
        return _too_deep()
    except ValueError:  # pragma: no cover - msgspec refuses invalid UTF-8 first
        return f"The body is not valid JSON: {error}"
    # Only msgspec refused it: the one thing it refuses and the standard library does not.
    return "The body is not valid JSON: a string holds a lone UTF-16 surrogate (\\ud800-\\udfff)"


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels (iterative: no recursion)."""
    stack: list[tuple[Iterator[Any], int]] = [(iter((value,)), 0)]
    while stack:
        items, depth = stack[-1]
        item = next(items, Empty)
        if item is Empty:
            stack.pop()
        elif isinstance(item, (list, dict)):
            if depth + 1 > limit:
                return True
            stack.append((iter(item.values() if isinstance(item, dict) else item), depth + 1))
    return False


def _is_json(media_type: str) -> bool:
    kind = media_type.strip().lower()
    return kind == JSON_MEDIA_TYPE or (kind.startswith("application/") and kind.endswith("+json"))


class JsonRequest(Request[Any, Any, Any]):
    """Litestar's request, with the body decoding above (and its result kept for every later
    reader, as Litestar does)."""

    async def json(self) -> Any:
        if self._json is Empty:
            state = self._connection_state
            if state.json is Empty:
                media_type, _ = self.content_type
                if not _is_json(media_type):
                    raise UnsupportedMediaType(
                        f"The body must be JSON (Content-Type: {JSON_MEDIA_TYPE})"
                    )
                state.json = decode_json_body(await self.body() or b"null")
            self._json = state.json
        return self._json
