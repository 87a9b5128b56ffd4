"""Concurrent writers on the embedded default: `todo serve` on SQLite, its relay running.

N clients, each its own user on its own keep-alive connection, send W creates each at once
(`POST /api/v1/todos`, the Inbox read and the todo written in one transaction; every fifth a
`POST /api/v1/lists`), optionally each with an `Idempotency-Key` (two more short writes per
request: the key's claim and its stored response). The relay publishes every event meanwhile.
What counts: every response is a 201 (a writer waits for SQLite's write lock instead of failing)
and the writes per second from the first request to the last response.

    python -m benchmarks.sqlite_writers [--clients 16] [--writes 50] [--idempotency-keys]

Not part of `make bench` (no baseline: the finding is the error count, the rate a reference).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from benchmarks.auth import sign_in
from benchmarks.cpus import cpu_layout, process_cpu_seconds
from benchmarks.servers import running_server, server_environment, todo_command
from benchmarks.stats import percentile

__all__ = ["main"]

_LIST_EVERY = 5
_SIGN_IN_ATTEMPTS = 5


def _signed_in(client: httpx.Client, email: str) -> dict[str, str]:
    # Set-up, not load: a server that fails concurrent writers (the relay's) fails some too.
    for _ in range(_SIGN_IN_ATTEMPTS - 1):
        try:
            return sign_in(client, email).headers
        except RuntimeError:
            time.sleep(0.2)
    return sign_in(client, email).headers


async def _client(base_url: str, headers: dict[str, str], writes: int, *, keys: bool) -> list[Any]:
    outcomes: list[Any] = []
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120) as client:
        for index in range(writes):
            if index % _LIST_EVERY == 0:
                path, body = "/api/v1/lists", {"name": f"list {index} {uuid4()}"}
            else:
                path, body = "/api/v1/todos", {"title": f"todo {index}"}
            extra = {"Idempotency-Key": str(uuid4())} if keys else {}
            started = time.perf_counter()
            try:
                response = await client.post(path, json=body, headers=extra)
                status: int | str = response.status_code
            except httpx.HTTPError as error:
                status = type(error).__name__
            outcomes.append((status, time.perf_counter() - started))
    return outcomes


async def _load(base_url: str, callers: list[dict[str, str]], writes: int, *, keys: bool) -> Any:
    started = time.perf_counter()
    results = await asyncio.gather(
        *(_client(base_url, headers, writes, keys=keys) for headers in callers)
    )
    return [outcome for outcomes in results for outcome in outcomes], time.perf_counter() - started


def measure(clients: int, writes: int, *, keys: bool) -> dict[str, Any]:
    layout = cpu_layout()
    with tempfile.TemporaryDirectory(prefix="todo-sqlite-writers-") as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'todo.db'}"
        settings = {
            "TODO_DATABASE_URL": url,
            # Signing the users in is set-up, not load: 2 requests per user from one address.
            "TODO_RATE_LIMIT_AUTH_PER_MINUTE": "0",
            "TODO_RATE_LIMIT_EMAIL_PER_MINUTE": "0",
        }
        subprocess.run(  # noqa: S603 - our own program
            todo_command("migrate"), env=server_environment(settings), check=True, timeout=120
        )
        with running_server(todo_command("serve"), settings=settings, cpus=layout.app) as server:
            with httpx.Client(base_url=server.base_url, timeout=60) as auth:
                callers = [
                    _signed_in(auth, f"writer{number}-{uuid4()}@example.org")
                    for number in range(clients)
                ]
            cpu_before = process_cpu_seconds(server.pid)
            outcomes, seconds = asyncio.run(_load(server.base_url, callers, writes, keys=keys))
            cpu = process_cpu_seconds(server.pid) - cpu_before
    statuses = Counter(str(status) for status, _ in outcomes)
    latencies = sorted(latency * 1000 for _, latency in outcomes)
    return {
        "clients": clients,
        "writes_per_client": writes,
        "idempotency_keys": keys,
        "statuses": dict(statuses),
        "errors": sum(count for status, count in statuses.items() if status != "201"),
        "seconds": round(seconds, 2),
        "responses_per_s": round(len(outcomes) / seconds, 1),
        "writes_per_s": round(statuses["201"] / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "server_cpu_ms_per_write": round(cpu * 1000 / len(outcomes), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sqlite_writers")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--writes", type=int, default=50, help="writes per client")
    parser.add_argument("--idempotency-keys", action="store_true")
    parser.add_argument("--repetitions", type=int, default=1)
    args = parser.parse_args(argv)
    failed = False
    for _ in range(args.repetitions):
        result = measure(args.clients, args.writes, keys=args.idempotency_keys)
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
        failed = failed or result["errors"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
