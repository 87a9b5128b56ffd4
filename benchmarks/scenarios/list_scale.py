"""list_scale: `GET /api/v1/todos?status=open&limit=50` (one user's open todos, newest first: the
default view) p50 with 1 000 todos in the table vs with 1 000 000, 100 000 of them that user's;
and, at a million, page 2 000 (reached through the cursor) vs page 1. Targets: both <= 1.2.

Requests go one at a time (latency, not throughput) to `todo api` on the app's core. The two
sizes are two databases, each with its own API, measured in turns like every baseline here, so
that a slow spell on a shared machine cannot fall on one size only. The todos are made by
PostgreSQL (`benchmarks.seeding`); the deep page's cursor is signed with the server's cursor
secret for the position where page 1 999 ends, and the harness checks that the server answers
it with exactly the rows that follow, so a change to the cursor format fails here instead of
measuring an error page.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from urllib.parse import quote
from uuid import UUID

import asyncpg
import httpx

from benchmarks.auth import Caller, sign_in
from benchmarks.context import BenchContext
from benchmarks.http_load import LoadResult, LoadSpec, Request, run_load
from benchmarks.provisioning import asyncpg_dsn
from benchmarks.result import Check, ScenarioResult, Target
from benchmarks.seeding import seed_todos
from benchmarks.stack import CURSOR_SECRET, ApiStack, api_stack
from benchmarks.stats import median
from todo_core.use_cases.shared.signed_cursor import CursorCodec

__all__ = ["run"]

NAME = "list_scale"
_PAGE = 50
_LISTING = f"/api/v1/todos?status=open&limit={_PAGE}"
_DEEP_PAGE = 2_000
_EMAIL = "reader@bench.example"
# The listing's own order, to find where a page starts.
_PAGE_EDGE = """
SELECT id, created_at FROM todos
WHERE owner_id = $1 AND deleted_at IS NULL AND status = 'open'
ORDER BY created_at DESC, id DESC
OFFSET $2 LIMIT 2
"""


def _latency(context: BenchContext, stack: ApiStack, caller: Caller, path: str) -> LoadResult:
    spec = LoadSpec(
        host=stack.api.host,
        port=stack.api.port,
        requests=[Request("GET", path, headers=caller.headers)],
        connections=1,
        warmup_s=context.seconds(1.0),
        duration_s=context.seconds(3.0),
    )
    result = run_load(spec, context.layout.load, server_pid=stack.api.pid)
    if result.errors:
        raise RuntimeError(f"{path}: {result.statuses}")
    return result


async def _page_edge(dsn: str, owner: UUID, page: int) -> tuple[str, UUID]:
    """The cursor that continues to `page`, and the id of the first todo on that page."""
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(_PAGE_EDGE, owner, (page - 1) * _PAGE - 1)
    finally:
        await connection.close()
    last_before, first = rows
    position = [0, last_before["created_at"].isoformat(), str(last_before["id"])]
    cursor = CursorCodec(CURSOR_SECRET.encode()).encode("todos:created:desc", position)
    return cursor, first["id"]


def _deep_path(stack: ApiStack, caller: Caller, dsn: str, page: int) -> str:
    cursor, first_id = asyncio.run(_page_edge(dsn, caller.user_id, page))
    path = f"{_LISTING}&cursor={quote(cursor)}"
    answer = httpx.get(f"{stack.api.base_url}{path}", headers=caller.headers, timeout=30)
    items = answer.json().get("items", []) if answer.status_code == 200 else []
    if len(items) != _PAGE or UUID(items[0]["id"]) != first_id:
        raise RuntimeError(f"page {page} through the cursor is not what follows: {answer.text}")
    return path


def _signed_in(stack: ApiStack) -> Caller:
    with httpx.Client(base_url=stack.auth.base_url, timeout=30) as client:
        return sign_in(client, _EMAIL)


def run(context: BenchContext) -> ScenarioResult:
    small_total = 1_000
    big_total = 100_000 if context.quick else 1_000_000
    small_db, big_db = context.services.database(), context.services.database()
    # Every tenth row is the measured owner's, all open: the last full page is the deepest.
    deep_page = min(_DEEP_PAGE, big_total // 10 // _PAGE)
    smalls: list[LoadResult] = []
    bigs: list[LoadResult] = []
    deeps: list[LoadResult] = []
    with api_stack(context, small_db) as small_stack, api_stack(context, big_db) as big_stack:
        small_caller, big_caller = _signed_in(small_stack), _signed_in(big_stack)
        asyncio.run(
            seed_todos(asyncpg_dsn(small_db), small_caller.user_id, first=0, count=small_total)
        )
        context.say(f"loading {big_total:,} todos")
        big_dsn = asyncpg_dsn(big_db)
        asyncio.run(seed_todos(big_dsn, big_caller.user_id, first=0, count=big_total))
        deep_path = _deep_path(big_stack, big_caller, big_dsn, deep_page)
        for _ in range(context.repetitions):
            smalls.append(_latency(context, small_stack, small_caller, _LISTING))
            bigs.append(_latency(context, big_stack, big_caller, _LISTING))
            deeps.append(_latency(context, big_stack, big_caller, deep_path))
            context.say(
                f"page 1 p50 {smalls[-1].p50_ms:.2f} ms at {small_total:,} todos, "
                f"{bigs[-1].p50_ms:.2f} ms at {big_total:,}; page {deep_page:,} p50 "
                f"{deeps[-1].p50_ms:.2f} ms"
            )
    small, big, deep = (median([r.p50_ms for r in runs]) for runs in (smalls, bigs, deeps))
    checks = (
        Check(NAME, big, "ms", Target("<=", 1.2), baseline=small, ratio_label="big/small"),
        Check(
            f"page {deep_page} vs page 1",
            deep,
            "ms",
            Target("<=", 1.2),
            baseline=big,
            ratio_label="deep/first",
        ),
    )
    details = {
        "small_table_todos": small_total,
        "big_table_todos": big_total,
        "owner_todos_big": big_total // 10,
        "deep_page": deep_page,
        "p50_ms": {"small": small, "big": big, "deep": deep},
        "p99_ms": {
            "small": median([r.p99_ms for r in smalls]),
            "big": median([r.p99_ms for r in bigs]),
            "deep": median([r.p99_ms for r in deeps]),
        },
        "api_cpu_ms_per_request": {
            "small": median([r.cpu_ms_per_request or 0.0 for r in smalls]),
            "big": median([r.cpu_ms_per_request or 0.0 for r in bigs]),
            "deep": median([r.cpu_ms_per_request or 0.0 for r in deeps]),
        },
        "runs": {
            "small": [asdict(r) for r in smalls],
            "big": [asdict(r) for r in bigs],
            "deep": [asdict(r) for r in deeps],
        },
    }
    return ScenarioResult(NAME, checks, details)
