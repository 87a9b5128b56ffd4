"""The load generator: a closed loop of keep-alive HTTP/1.1 connections, in a process of its own.

Each connection sends its request, waits for the whole response, and sends it again, for a
warm-up and then a measured window; latencies are those of the requests that started and ended
inside the window. Requests are encoded once, and responses are framed by `Content-Length`
straight off the socket (asyncio.Protocol on uvloop): a general-purpose client (httpx) spends
more CPU per request than the server does on `/health/live`, and would measure itself.

    python -m benchmarks.http_load '<LoadSpec as JSON>'   -> one LoadResult as JSON on stdout
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any, cast

from benchmarks.cpus import process_cpu_seconds, running_on
from benchmarks.event_loop import run_fast
from benchmarks.stats import percentile

__all__ = ["LoadResult", "LoadSpec", "Request", "run_load"]


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        body = b"" if self.body is None else self.body.encode()
        if self.body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass(frozen=True, slots=True)
class LoadSpec:
    host: str
    port: int
    # Connection i sends requests[i % len(requests)], over and over.
    requests: list[Request]
    connections: int
    warmup_s: float
    duration_s: float


@dataclass(frozen=True, slots=True)
class LoadResult:
    completed: int
    # Every response, the warm-up's too: what the server's CPU time over the run is shared by.
    completed_total: int
    # Responses outside 2xx (and broken connections) in the window; a run with any is suspect.
    errors: int
    statuses: dict[str, int]
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    # The server's CPU time per response, when the caller measured it (see `with_server_cpu`).
    cpu_ms_per_request: float | None = None


class _Window:
    def __init__(self, start: float, end: float) -> None:
        self.start, self.end = start, end
        self.latencies: list[float] = []
        self.total = 0
        self.statuses: dict[int, int] = {}
        self.errors = 0
        self.stopping = False

    def record(self, started: float, ended: float, status: int) -> None:
        self.total += 1
        if started >= self.start and ended <= self.end:
            self.latencies.append(ended - started)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if not 200 <= status < 300:
                self.errors += 1


class _Connection(asyncio.Protocol):
    def __init__(self, request: bytes, window: _Window, closed: asyncio.Future[None]) -> None:
        self._request = request
        self._window = window
        self._closed = closed
        self._buffer = bytearray()
        self._started = 0.0
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's TCP transports implement asyncio.Transport without subclassing it.
        self._transport = cast(asyncio.Transport, transport)
        self._send()

    def _send(self) -> None:
        assert self._transport is not None  # noqa: S101 - set on connect
        if self._window.stopping:
            self._transport.close()
            return
        self._started = time.perf_counter()
        self._transport.write(self._request)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        head_end = self._buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return
        head = bytes(self._buffer[:head_end]).lower()
        marker = head.find(b"\r\ncontent-length:")
        if marker < 0:
            raise RuntimeError(f"response without Content-Length: {head[:200]!r}")
        length_end = head.find(b"\r\n", marker + 2)
        length = int(head[marker + 17 : None if length_end < 0 else length_end])
        total = head_end + 4 + length
        if len(self._buffer) < total:
            return
        status = int(head[9:12])
        del self._buffer[:total]
        self._window.record(self._started, time.perf_counter(), status)
        self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        window = self._window
        if not window.stopping and window.start <= time.perf_counter() <= window.end:
            window.errors += 1
        if not self._closed.done():
            self._closed.set_result(None)


async def _slot(spec: LoadSpec, request: bytes, window: _Window) -> None:
    loop = asyncio.get_running_loop()
    # A connection the server closed is opened again: the load stays at `connections`.
    while not window.stopping:
        closed: asyncio.Future[None] = loop.create_future()
        await loop.create_connection(
            functools.partial(_Connection, request, window, closed), spec.host, spec.port
        )
        await closed


async def _run(spec: LoadSpec) -> LoadResult:
    host = f"{spec.host}:{spec.port}"
    encoded = [request.encode(host) for request in spec.requests]
    start = time.perf_counter() + spec.warmup_s
    window = _Window(start, start + spec.duration_s)
    slots = [
        asyncio.create_task(_slot(spec, encoded[index % len(encoded)], window))
        for index in range(spec.connections)
    ]
    await asyncio.sleep(window.end - time.perf_counter())
    window.stopping = True
    # Requests in flight at the end are answered (or cut off) within a moment.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*slots, return_exceptions=True), 10)
    latencies = window.latencies or [float("nan")]
    return LoadResult(
        completed=len(window.latencies),
        completed_total=window.total,
        errors=window.errors,
        statuses={str(status): count for status, count in sorted(window.statuses.items())},
        seconds=spec.duration_s,
        rps=len(window.latencies) / spec.duration_s,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
    )


def run_load(spec: LoadSpec, cpus: frozenset[int], *, server_pid: int | None = None) -> LoadResult:
    """Runs the load in a child process pinned to `cpus`, and waits for its result; with
    `server_pid`, also the CPU time that process spent per response."""
    cpu_before = None if server_pid is None else process_cpu_seconds(server_pid)
    command = [sys.executable, "-m", "benchmarks.http_load", json.dumps(asdict(spec))]
    with running_on(cpus):
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            command,
            check=True,
            capture_output=True,
            text=True,
            timeout=spec.warmup_s + spec.duration_s + 60,
        )
    result = LoadResult(**json.loads(done.stdout))
    if server_pid is None or cpu_before is None:
        return result
    spent = process_cpu_seconds(server_pid) - cpu_before
    return replace(result, cpu_ms_per_request=spent * 1000 / max(result.completed_total, 1))


def _main(argument: str) -> None:
    raw: dict[str, Any] = json.loads(argument)
    raw["requests"] = [Request(**request) for request in raw["requests"]]
    spec = LoadSpec(**raw)
    result = run_fast(_run(spec))
    sys.stdout.write(json.dumps(asdict(result)) + "\n")


if __name__ == "__main__":
    _main(sys.argv[1])
