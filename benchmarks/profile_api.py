"""Where a server's CPU goes under one scenario's load: `todo api` (or `todo relay`) under
cProfile, driven as the scenario drives it, then its own time summed by package and the
busiest functions listed, per request (or per event).

    python -m benchmarks.profile_api {create,list,live,relay} [--seconds S] [--save FILE]

For a missed target: the breakdown says whether time goes to the framework, the ORM, the
driver or the core. The profiler counts CPU time (not the loop's idle waits) and only after
the warm-up (not start-up's imports); it slows everything about twice over, evenly enough for
shares. The server side is `python -m benchmarks.profile_api serve ...`: the `todo` command
with a profiler that SIGUSR1 starts and SIGUSR2 stops and writes out.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

from benchmarks.auth import sign_in
from benchmarks.cpus import CpuLayout, cpu_layout
from benchmarks.http_load import LoadSpec, Request, run_load
from benchmarks.provisioning import Provisioner, asyncpg_dsn
from benchmarks.scenarios.outbox_events import insert_burst, outbox_rows
from benchmarks.scenarios.relay_throughput import drained_at, init_topics
from benchmarks.seeding import seed_todos
from benchmarks.servers import running_process, running_server, todo_command
from benchmarks.stack import api_settings
from entrypoints import cli

__all__ = ["package_of"]

_PACKAGES = (
    "todo_core",
    "adapters",
    "entrypoints",
    "litestar",
    "sqlalchemy",
    "asyncpg",
    "aiokafka",
    "uvicorn",
    "httptools",
    "msgspec",
    "pydantic",
    "dependency_injector",
    "uuid_utils",
    "asyncio",
    "json",
)


def package_of(filename: str) -> str:
    parts = Path(filename).parts
    for package in _PACKAGES:
        if package in parts:
            return package
    if filename.startswith("<") or filename == "~":
        return "builtins"
    return "other"


def _report(profile: Path, top: int, requests: int) -> str:
    stats = pstats.Stats(str(profile))
    by_package: dict[str, float] = defaultdict(float)
    rows: list[tuple[float, int, str]] = []
    # pstats keeps its table as (file, line, function) -> (calls, primitive, own, cumulative, ..).
    for (filename, line, function), entry in stats.stats.items():  # type: ignore[attr-defined]
        own = float(entry[2])
        by_package[package_of(filename)] += own
        rows.append((own, int(entry[0]), f"{Path(filename).name}:{line}({function})"))
    total = sum(by_package.values()) or 1.0
    lines = [f"CPU time per request or event: {total / max(requests, 1) * 1000:.2f} ms (profiled)"]
    lines.append("own time by package:")
    for package, seconds in sorted(by_package.items(), key=lambda item: -item[1]):
        lines.append(f"  {package:<20} {seconds / total:6.1%}")
    lines.append(f"busiest {top} functions (own time, calls per request):")
    for seconds, calls, where in sorted(rows, reverse=True)[:top]:
        lines.append(f"  {seconds / total:6.1%} {calls / max(requests, 1):7.1f}  {where}")
    return "\n".join(lines)


def _serve_profiled(argv: list[str], output: Path) -> int:
    profiler = cProfile.Profile(time.process_time)

    def start(signum: int, frame: object) -> None:
        profiler.enable()

    def stop(signum: int, frame: object) -> None:
        profiler.disable()
        profiler.dump_stats(output)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    return cli.main(argv)


def _profile_http(
    workload: str, seconds: float, services: Provisioner, layout: CpuLayout, profile: Path
) -> tuple[str, int]:
    database = services.database()
    command = [sys.executable, "-m", "benchmarks.profile_api", "serve", str(profile), "api"]
    settings = api_settings(database)
    with (
        running_server(todo_command("auth"), settings=settings, cpus=layout.database) as auth,
        running_server(command, settings=settings, cpus=layout.app) as api,
    ):
        with httpx.Client(base_url=auth.base_url, timeout=30) as client:
            caller = sign_in(client, "profiled@bench.example")
        if workload == "list":
            asyncio.run(seed_todos(asyncpg_dsn(database), caller.user_id, first=0, count=1000))
        request = {
            "create": Request(
                "POST", "/api/v1/todos", caller.headers, json.dumps({"title": "buy milk"})
            ),
            "list": Request("GET", "/api/v1/todos?status=open&limit=50", caller.headers),
            "live": Request("GET", "/health/live"),
        }[workload]
        warmup = 2.0
        spec = LoadSpec(api.host, api.port, [request], 10, warmup, seconds)
        threading.Timer(warmup, os.kill, (api.pid, signal.SIGUSR1)).start()
        result = run_load(spec, layout.load)
        os.kill(api.pid, signal.SIGUSR2)
        time.sleep(2.0)  # the dump takes a moment
    return f"{result.rps:,.1f} req/s, {result.errors} errors", result.completed


def _profile_relay(services: Provisioner, layout: CpuLayout, profile: Path) -> tuple[str, int]:
    """`todo relay` draining a backlog of 10 000 events, as in relay_throughput."""
    database = services.database()
    dsn = asyncpg_dsn(database)
    settings = {"TODO_DATABASE_URL": database, "TODO_KAFKA_BOOTSTRAP_SERVERS": services.kafka()}
    init_topics(settings)
    command = [sys.executable, "-m", "benchmarks.profile_api", "serve", str(profile), "relay"]
    count = 10_000
    with running_process(command, settings=settings, cpus=layout.app) as (process, _):
        for events, measured in ((1_000, False), (count, True)):
            rows = outbox_rows(events)
            if measured:
                os.kill(process.pid, signal.SIGUSR1)
            started = time.monotonic()
            asyncio.run(insert_burst(dsn, rows))
            asyncio.run(drained_at(dsn, [row[0] for row in rows], process))
        elapsed = time.monotonic() - started
        os.kill(process.pid, signal.SIGUSR2)
        time.sleep(2.0)  # the dump takes a moment
    return f"{count / elapsed:,.0f} events/s", count


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        sys.exit(_serve_profiled(sys.argv[3:], Path(sys.argv[2])))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workload", choices=("create", "list", "live", "relay"))
    parser.add_argument("--seconds", type=float, default=10.0, help="HTTP workloads' window")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path, help="keep the raw profile here (for pstats)")
    arguments = parser.parse_args()
    layout = cpu_layout()
    with Provisioner(layout) as services, tempfile.TemporaryDirectory() as scratch:
        profile = Path(scratch) / "server.prof"
        if arguments.workload == "relay":
            rate, units = _profile_relay(services, layout, profile)
        else:
            rate, units = _profile_http(
                arguments.workload, arguments.seconds, services, layout, profile
            )
        sys.stdout.write(f"{rate} under the profiler\n")
        sys.stdout.write(_report(profile, arguments.top, units) + "\n")
        if arguments.save is not None:
            shutil.copyfile(profile, arguments.save)


if __name__ == "__main__":
    main()
