"""The ledger of the scheduler's job ticks: each (job, slot) is run by at most one scheduler.

A slot is the instant a job's schedule names (e.g. 03:17 for a nightly job). The scheduler that
claims a slot first runs it; the others, and the same one after a restart, see it taken. A
claimed slot whose run died before it finished stays claimed: the job runs again at its next
slot, which is why every job is written so that its next run does what a lost one left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["ScheduledRun", "ScheduledRuns"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduledRun:
    job: str
    slot: datetime
    started_at: datetime
    # None while it runs, or when the scheduler running it died.
    finished_at: datetime | None
    # What it did, e.g. "fired=3 missed=0"; None until it finished.
    summary: str | None


class ScheduledRuns(Protocol):
    async def claim(self, job: str, slot: datetime, *, now: datetime) -> bool:
        """Take `job`'s tick at `slot`: True when this call took it, False when it was taken."""
        ...

    async def finish(self, job: str, slot: datetime, *, now: datetime, summary: str) -> None:
        """Record that the claimed tick ran, and what it did."""
        ...

    async def latest(self, job: str) -> ScheduledRun | None:
        """The tick of `job` with the latest slot, finished or not; None before the first."""
        ...

    async def purge_before(self, cutoff: datetime, *, limit: int) -> int:
        """Delete up to `limit` ticks whose slot is before `cutoff`, oldest first; how many.
        The latest tick of each job is kept whatever its age, so `latest` keeps its answer."""
        ...
