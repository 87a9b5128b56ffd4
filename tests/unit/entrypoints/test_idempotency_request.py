"""Reading the `Idempotency-Key` header and fingerprinting requests."""

from __future__ import annotations

import pytest

from entrypoints.http.idempotency_request import parse_idempotency_key, request_fingerprint
from todo_core.errors import ValidationFailed
from todo_core.ports.idempotency_store import IdempotencyKey


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324"),
        ('"8e03978e-40d5-43e8-bc93-6894a57f9324"', "8e03978e-40d5-43e8-bc93-6894a57f9324"),
        ("  padded\t", "padded"),
        ('"a \\"quoted\\" \\\\ key, with a comma"', 'a "quoted" \\ key, with a comma'),
        ("bare\\ and ; kept", "bare\\ and ; kept"),
    ],
)
def test_bare_and_quoted_keys(header: str, key: str) -> None:
    assert parse_idempotency_key([header]) == IdempotencyKey(key)


@pytest.mark.parametrize(
    "headers",
    [
        [],
        ["one", "two"],
        [""],
        ['""'],
        ['"open'],
        ['"a" "b"'],
        ['"bad \\n escape"'],
        ['"inner " quote"'],
        ["one, two"],
        ["caf\u00e9"],
        ["k" * 256],
        [f'"{"k" * 256}"'],
    ],
)
def test_malformed_headers_are_refused(headers: list[str]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_idempotency_key(headers)
    assert refused.value.field == "Idempotency-Key"


def test_a_fingerprint_is_the_same_for_the_same_request_only() -> None:
    base = ("POST", "/api/v1/todos", b"", b'{"title":"x"}')
    assert request_fingerprint(*base) == request_fingerprint("post", *base[1:])
    variants = [
        ("PUT", "/api/v1/todos", b"", b'{"title":"x"}'),
        ("POST", "/api/v1/lists", b"", b'{"title":"x"}'),
        ("POST", "/api/v1/todos", b"a=1", b'{"title":"x"}'),
        ("POST", "/api/v1/todos", b"", b'{"title": "x"}'),
        # Where one part ends and the next begins is part of the request.
        ("POST", "/api/v1/todosa=1", b"", b'{"title":"x"}'),
        ("POST", "/api/v1/todos", b"a=1{", b'"title":"x"}'),
    ]
    prints = {request_fingerprint(*variant) for variant in [base, *variants]}
    assert len(prints) == len(variants) + 1
    assert all(len(p) == 64 and int(p, 16) >= 0 for p in prints)
