"""The scheduler's ledger in a dict: the twin of the `scheduled_runs` table.

No method awaits before it is done, so on one event loop each is atomic, as the table's
primary key makes the SQL ledger.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from todo_core.ports.scheduled_runs import ScheduledRun, ScheduledRuns

__all__ = ["InMemoryScheduledRuns"]


class InMemoryScheduledRuns(ScheduledRuns):
    def __init__(self) -> None:
        self.runs: dict[tuple[str, datetime], ScheduledRun] = {}

    async def claim(self, job: str, slot: datetime, *, now: datetime) -> bool:
        if (job, slot) in self.runs:
            return False
        self.runs[job, slot] = ScheduledRun(
            job=job, slot=slot, started_at=now, finished_at=None, summary=None
        )
        return True

    async def finish(self, job: str, slot: datetime, *, now: datetime, summary: str) -> None:
        run = self.runs.get((job, slot))
        if run is not None:
            self.runs[job, slot] = dataclasses.replace(run, finished_at=now, summary=summary)

    async def latest(self, job: str) -> ScheduledRun | None:
        return max(
            (run for run in self.runs.values() if run.job == job),
            key=lambda run: run.slot,
            default=None,
        )

    async def purge_before(self, cutoff: datetime, *, limit: int) -> int:
        if limit < 1:
            raise ValueError("limit must be positive")
        newest: dict[str, datetime] = {}
        for run in self.runs.values():
            newest[run.job] = max(newest.get(run.job, run.slot), run.slot)
        doomed = sorted(
            (run.slot, run.job)
            for run in self.runs.values()
            if run.slot < cutoff and run.slot != newest[run.job]
        )[:limit]
        for slot, job in doomed:
            del self.runs[job, slot]
        return len(doomed)
