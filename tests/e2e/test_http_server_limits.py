"""What `todo serve` does with oversized request heads and bodies that are not JSON, over raw
sockets as an attacker sends them: refusals, a server that keeps answering others, and logs
without a traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from entrypoints.bounded_http import MAX_HEAD_BYTES, MAX_TARGET_BYTES
from tests.e2e.live_server import clean_environment, running, todo

KIB = 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    workdir = tmp_path_factory.mktemp("served")
    env = clean_environment() | {"TODO_LOG_LEVEL": "info"}
    assert todo("migrate", cwd=workdir, env=env).returncode == 0
    log: list[str] = []
    with running("serve", cwd=workdir, env=env, log=log) as base:
        yield base, log
    # Everything the tests below sent is in the log now: never a traceback or an error.
    assert not [line for line in log if "Traceback" in line or " ERROR " in line], log


def _exchange(base: str, request: bytes) -> bytes:
    """Send `request` whole, then read the answer until the server closes or 2 s pass; a
    connection closed or reset under the sender counts as an empty answer."""
    address = urlsplit(base)
    answer = b""
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        try:
            connection.sendall(request)
            connection.settimeout(2)
            while chunk := connection.recv(65536):
                answer += chunk
        except (ConnectionResetError, BrokenPipeError, TimeoutError):
            pass
    return answer


def _get(path: str, *headers: bytes) -> bytes:
    lines = [f"GET {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", *headers, b"Connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _status(answer: bytes) -> int | None:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None


def test_a_16_kib_header_is_served(served: tuple[str, list[str]]) -> None:
    base, _ = served
    answer = _exchange(base, _get("/health/live", b"X-Padding: " + b"a" * 16 * KIB))
    assert _status(answer) == 200, answer[:200]


@pytest.mark.parametrize("size", [64 * KIB, 1024 * KIB])
def test_a_larger_head_is_refused_431_or_cut_off(served: tuple[str, list[str]], size: int) -> None:
    base, _ = served
    assert size > MAX_HEAD_BYTES
    answer = _exchange(base, _get("/health/live", b"X-Padding: " + b"a" * size))
    assert _status(answer) in (431, None), answer[:200]
    if answer:
        assert b"application/problem+json" in answer
        assert b"Connection: close" in answer or b"connection: close" in answer
    # Others are still answered.
    assert httpx.get(f"{base}/health/live", timeout=10).status_code == 200


def test_many_small_headers_count_together(served: tuple[str, list[str]]) -> None:
    base, _ = served
    headers = [f"X-Padding-{i}: {'a' * 100}".encode() for i in range(MAX_HEAD_BYTES // 100)]
    answer = _exchange(base, _get("/health/live", *headers))
    assert _status(answer) in (431, None), answer[:200]


def test_a_head_that_never_ends_is_cut_off_while_others_are_served(
    served: tuple[str, list[str]],
) -> None:
    base, _ = served
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=10) as attacker:
        attacker.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: ")
        sent, refused = 0, False
        try:
            while sent < 16 * 1024 * KIB:  # far more than the limit: the server stops it first
                attacker.sendall(b"a" * 64 * KIB)
                sent += 64 * KIB
        except (ConnectionResetError, BrokenPipeError):
            refused = True
        assert refused, "the server read 16 MiB of one header"
        assert sent <= MAX_HEAD_BYTES + 4 * 1024 * KIB  # what the socket buffers can hold
    assert httpx.get(f"{base}/health/live", timeout=10).status_code == 200


def test_a_long_request_target_is_414(served: tuple[str, list[str]]) -> None:
    base, _ = served
    answer = _exchange(base, _get("/health/live?q=" + "a" * (MAX_TARGET_BYTES + 1)))
    assert _status(answer) == 414, answer[:200]
    # Under the limit the target reaches the app, which refuses the parameter it does not take.
    reached = _exchange(base, _get("/health/live?q=" + "a" * 4 * KIB))
    assert _status(reached) == 400, reached[:200]
    assert b"Unknown query parameter: q" in reached


@pytest.mark.parametrize(
    "body",
    [b'{"email": "a\xffb@example.org", "password": "x"}', b"[" * 1000 + b"]" * 1000],
    ids=["invalid UTF-8", "deep nesting"],
)
def test_a_body_that_is_not_json_is_400_and_one_log_line(
    served: tuple[str, list[str]], body: bytes
) -> None:
    base, _ = served
    for path in ("/auth/login", "/auth/register", "/auth/refresh", "/auth/logout"):
        request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode() + body
        answer = _exchange(base, request)
        assert _status(answer) == 400, answer[:300]
        assert b"Traceback" not in answer


def test_the_log_has_one_access_line_per_refusal(
    tmp_path: Path,
) -> None:
    env = clean_environment() | {"TODO_LOG_LEVEL": "info"}
    assert todo("migrate", cwd=tmp_path, env=env).returncode == 0
    log: list[str] = []
    with running("serve", cwd=tmp_path, env=env, log=log) as base:
        body = b'{"email": "a\xffb@example.org", "password": "x"}'
        response = httpx.post(
            f"{base}/auth/login", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400
        answer = _exchange(base, _get("/health/live", b"X-Padding: " + b"a" * 64 * KIB))
        assert _status(answer) in (431, None)
    assert not [line for line in log if "Traceback" in line or " ERROR " in line], log
    assert len([line for line in log if '"POST /auth/login HTTP/1.1" 400' in line]) == 1, log
    refusals = [line for line in log if " 431" in line]
    assert len(refusals) == 1, log
