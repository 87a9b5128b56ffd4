"""login: `POST /auth/login` per second with the configured Argon2 parameters, vs what the
machine's cores could do if they did nothing but hash: cores / the time of one verification.

A ratio near 1 shows the hashing is off the event loop and runs in parallel; a hasher on the
loop would manage one core's worth at best (1 / cores of the baseline). The service runs on
every core (it is the point); the single hash is timed alone, on the app's core, before the
load. Every connection logs its own user in, so no per-account rule serialises them.
Target >= 0.7.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from argon2 import PasswordHasher, Type

from adapters.passwords import Argon2Parameters
from benchmarks.auth import PASSWORD, sign_in
from benchmarks.context import BenchContext
from benchmarks.cpus import running_on
from benchmarks.http_load import LoadResult, LoadSpec, Request, run_load
from benchmarks.result import Check, ScenarioResult, Target
from benchmarks.stack import api_stack
from benchmarks.stats import median
from entrypoints.settings import Settings

__all__ = ["run"]

NAME = "login"
_SAMPLES = 15


def _parameters() -> Argon2Parameters:
    """The parameters the service hashes with: its default settings, which the harness keeps
    (it starts every server without the developer's own `TODO_*` variables)."""
    fields = Settings.model_fields
    return Argon2Parameters(
        memory_kib=fields["argon2_memory_kib"].default,
        time_cost=fields["argon2_time_cost"].default,
        parallelism=fields["argon2_parallelism"].default,
    )


def _hasher(parameters: Argon2Parameters) -> PasswordHasher:
    return PasswordHasher(
        time_cost=parameters.time_cost,
        memory_cost=parameters.memory_kib,
        parallelism=parameters.parallelism,
        hash_len=parameters.hash_length,
        salt_len=parameters.salt_length,
        type=Type.ID,
    )


def _single_hash_seconds(parameters: Argon2Parameters) -> float:
    """The median time of one verification (what a login costs), on one otherwise idle core."""
    hasher = _hasher(parameters)
    stored = hasher.hash(PASSWORD)
    times: list[float] = []
    for _ in range(_SAMPLES):
        started = time.perf_counter()
        hasher.verify(stored, PASSWORD)
        times.append(time.perf_counter() - started)
    return median(times)


def _hash_cpu_seconds_side_by_side(parameters: Argon2Parameters, cores: int) -> float:
    """CPU time per verification with one running on every core at once: a memory-hard hash
    (19 MiB each) costs more CPU when others compete for the caches and the memory bus, so
    this says how much of a login's CPU beyond one lone hash is the hardware's, not ours."""
    hasher = _hasher(parameters)
    stored = hasher.hash(PASSWORD)
    count = _SAMPLES * cores
    started = time.process_time()
    with ThreadPoolExecutor(max_workers=cores) as pool:
        list(pool.map(lambda _: hasher.verify(stored, PASSWORD), range(count)))
    return (time.process_time() - started) / count


def run(context: BenchContext) -> ScenarioResult:
    cores = len(context.layout.every)
    parameters = _parameters()
    with running_on(context.layout.app):
        one_hash = _single_hash_seconds(parameters)
    side_by_side = _hash_cpu_seconds_side_by_side(parameters, cores)
    connections = 2 * cores
    runs: list[LoadResult] = []
    with api_stack(context, context.services.database(), auth_cpus=context.layout.every) as stack:
        emails = [f"login{i}@bench.example" for i in range(connections)]
        with httpx.Client(base_url=stack.auth.base_url, timeout=30) as client:
            for email in emails:
                sign_in(client, email)
        requests = [
            Request("POST", "/auth/login", body=json.dumps({"email": email, "password": PASSWORD}))
            for email in emails
        ]
        spec = LoadSpec(
            host=stack.auth.host,
            port=stack.auth.port,
            requests=requests,
            connections=connections,
            warmup_s=context.seconds(1.0),
            duration_s=context.seconds(4.0),
        )
        for _ in range(context.repetitions):
            runs.append(run_load(spec, context.layout.every, server_pid=stack.auth.pid))
            context.say(f"{runs[-1].rps:,.1f} logins/s (p50 {runs[-1].p50_ms:.0f} ms)")
    errors = sum(run.errors for run in runs)
    if errors:
        raise RuntimeError(f"{errors} failed logins: {runs[-1].statuses}")
    baseline = cores / one_hash
    check = Check(NAME, median([run.rps for run in runs]), "logins/s", Target(">=", 0.7), baseline)
    details = {
        "cores": cores,
        "connections": connections,
        "single_hash_ms": round(one_hash * 1000, 2),
        "hash_cpu_ms_all_cores_busy": round(side_by_side * 1000, 2),
        "argon2": {
            "memory_kib": parameters.memory_kib,
            "time_cost": parameters.time_cost,
            "parallelism": parameters.parallelism,
        },
        "logins_per_s": [round(run.rps, 2) for run in runs],
        "p50_ms": median([run.p50_ms for run in runs]),
        "p99_ms": median([run.p99_ms for run in runs]),
        # The service's CPU (its hashing threads' too) per login, against one hash's time:
        # near equal means little else is done, and a low ratio means cores were missing.
        "auth_cpu_ms_per_login": median([run.cpu_ms_per_request or 0.0 for run in runs]),
    }
    return ScenarioResult(NAME, (check,), details)
