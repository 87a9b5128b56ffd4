"""create_todo: authenticated `POST /api/v1/todos` through the real server (one worker) at a
fixed concurrency, vs B0: the same transaction (the todo row and its outbox row) sent with raw
asyncpg from a pool of the API's size at the same concurrency (`raw_create`). The API runs on
the app's core; so does B0, in its place. Target: ratio >= 0.5.

Each connection is its own user (whose Inbox is made during the warm-up), as with real users;
app and B0 write to databases of their own, both empty at the start, and take turns, so that a
slow spell on a shared machine hits both alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict

import httpx

from benchmarks.auth import sign_in
from benchmarks.context import BenchContext
from benchmarks.cpus import running_on
from benchmarks.http_load import LoadResult, LoadSpec, Request, run_load
from benchmarks.provisioning import asyncpg_dsn
from benchmarks.result import Check, ScenarioResult, Target
from benchmarks.scenarios.raw_create import POOL_SIZE
from benchmarks.stack import api_stack
from benchmarks.stats import median

__all__ = ["run"]

NAME = "create_todo"
CONCURRENCY = POOL_SIZE
_BODY = json.dumps({"title": "buy milk"})


def _baseline(
    context: BenchContext, database_url: str, warmup: float, seconds: float
) -> LoadResult:
    command = [sys.executable, "-m", "benchmarks.scenarios.raw_create", asyncpg_dsn(database_url)]
    command += [str(CONCURRENCY), str(warmup), str(seconds)]
    with running_on(context.layout.app):
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            command, check=True, capture_output=True, text=True, timeout=warmup + seconds + 60
        )
    return LoadResult(**json.loads(done.stdout))


def _median_cpu(runs: list[LoadResult]) -> float | None:
    figures = [run.cpu_ms_per_request for run in runs if run.cpu_ms_per_request is not None]
    return median(figures) if figures else None


def run(context: BenchContext) -> ScenarioResult:
    warmup, seconds = context.seconds(2.0), context.seconds(5.0)
    app_database, raw_database = context.services.database(), context.services.database()
    apps: list[LoadResult] = []
    raws: list[LoadResult] = []
    with api_stack(context, app_database) as stack:
        with httpx.Client(base_url=stack.auth.base_url, timeout=30) as client:
            callers = [sign_in(client, f"writer{i}@bench.example") for i in range(CONCURRENCY)]
        requests = [
            Request("POST", "/api/v1/todos", headers=caller.headers, body=_BODY)
            for caller in callers
        ]
        spec = LoadSpec(
            host=stack.api.host,
            port=stack.api.port,
            requests=requests,
            connections=CONCURRENCY,
            warmup_s=warmup,
            duration_s=seconds,
        )
        for _ in range(context.repetitions):
            apps.append(run_load(spec, context.layout.load, server_pid=stack.api.pid))
            raws.append(_baseline(context, raw_database, warmup, seconds))
            context.say(
                f"API {apps[-1].rps:,.0f} req/s (p50 {apps[-1].p50_ms:.1f} ms, p99 "
                f"{apps[-1].p99_ms:.1f} ms), B0 {raws[-1].rps:,.0f} tx/s "
                f"(p50 {raws[-1].p50_ms:.1f} ms)"
            )
    errors = sum(run.errors for run in apps)
    if errors:
        raise RuntimeError(f"{errors} failed requests: {apps[-1].statuses}")
    check = Check(
        NAME,
        median([run.rps for run in apps]),
        "req/s",
        Target(">=", 0.5),
        baseline=median([run.rps for run in raws]),
    )
    details = {
        "concurrency": CONCURRENCY,
        "pool_size": POOL_SIZE,
        "api": [asdict(run) for run in apps],
        "b0": [asdict(run) for run in raws],
        "api_p50_ms": median([run.p50_ms for run in apps]),
        "api_p99_ms": median([run.p99_ms for run in apps]),
        "b0_p50_ms": median([run.p50_ms for run in raws]),
        "b0_p99_ms": median([run.p99_ms for run in raws]),
        # CPU time per request: steadier than rates when others share the machine.
        "api_cpu_ms_per_request": _median_cpu(apps),
        "b0_cpu_ms_per_tx": _median_cpu(raws),
    }
    return ScenarioResult(NAME, (check,), details)
