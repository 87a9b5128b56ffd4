"""framework_tax: `GET /health/live` req/s of the API vs a bare Litestar app with that one
route, both on the same uvicorn settings, one worker, on the app's core.

The ratio is what the API's own configuration costs a request that does nothing: its plugins,
middleware, dependency wiring and route table. Target >= 0.8.
"""

from __future__ import annotations

import sys

from benchmarks.context import BenchContext
from benchmarks.http_load import LoadResult, LoadSpec, Request, run_load
from benchmarks.result import Check, ScenarioResult, Target
from benchmarks.servers import Server, running_server, todo_command
from benchmarks.stats import median

__all__ = ["run"]

NAME = "framework_tax"
_CONNECTIONS = 16


def _load(context: BenchContext, server: Server) -> LoadResult:
    spec = LoadSpec(
        host=server.host,
        port=server.port,
        requests=[Request("GET", "/health/live")],
        connections=_CONNECTIONS,
        warmup_s=context.seconds(1.0),
        duration_s=context.seconds(3.0),
    )
    return run_load(spec, context.layout.load, server_pid=server.pid)


def run(context: BenchContext) -> ScenarioResult:
    settings = {"TODO_DATABASE_URL": context.services.database()}
    apps: list[LoadResult] = []
    bares: list[LoadResult] = []
    bare_command = [sys.executable, "-m", "benchmarks.bare_app"]
    with (
        running_server(todo_command("api"), settings=settings, cpus=context.layout.app) as app,
        running_server(bare_command, settings={}, cpus=context.layout.app) as bare,
    ):
        # Interleaved, so that a slow spell on a shared machine hits both sides alike.
        for _ in range(context.repetitions):
            apps.append(_load(context, app))
            bares.append(_load(context, bare))
            context.say(f"api {apps[-1].rps:,.0f} req/s, bare {bares[-1].rps:,.0f} req/s")
    value = median([run.rps for run in apps])
    baseline = median([run.rps for run in bares])
    check = Check(NAME, value, "req/s", Target(">=", 0.8), baseline=baseline)
    details = {
        "connections": _CONNECTIONS,
        "api_rps": [round(run.rps, 1) for run in apps],
        "bare_rps": [round(run.rps, 1) for run in bares],
        "api_p50_ms": median([run.p50_ms for run in apps]),
        "bare_p50_ms": median([run.p50_ms for run in bares]),
        "errors": sum(run.errors for run in apps + bares),
        # CPU time per request: steadier than rates when others share the machine.
        "api_cpu_ms_per_request": median([run.cpu_ms_per_request or 0.0 for run in apps]),
        "bare_cpu_ms_per_request": median([run.cpu_ms_per_request or 0.0 for run in bares]),
    }
    return ScenarioResult(NAME, (check,), details)
