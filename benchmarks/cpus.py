"""Which cores the server, the database and the load generator run on.

On a machine with two or more cores the server under test gets one core to itself and the
database (and Kafka) another, so the two never fight over one; the load generator shares the
database's core, where it competes with the baseline's database work exactly as with the app's.
On one core everything floats.

Pinning is by inheritance: a process started while the calling thread is pinned (`running_on`)
starts pinned, and so does everything it forks later, which is how every PostgreSQL backend and
every JVM thread of the broker lands on the database's core.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CpuLayout", "cpu_layout", "process_cpu_seconds", "running_on"]


@dataclass(frozen=True, slots=True)
class CpuLayout:
    app: frozenset[int]
    database: frozenset[int]
    load: frozenset[int]
    every: frozenset[int]

    @property
    def pinned(self) -> bool:
        return self.app != self.every

    def describe(self) -> dict[str, list[int]]:
        return {
            "app": sorted(self.app),
            "database_and_kafka": sorted(self.database),
            "load_generator": sorted(self.load),
        }


def cpu_layout() -> CpuLayout:
    every = frozenset(os.sched_getaffinity(0))
    if len(every) < 2:
        return CpuLayout(app=every, database=every, load=every, every=every)
    first, second, *_ = sorted(every)
    return CpuLayout(
        app=frozenset({first}),
        database=every - {first},
        load=frozenset({second}),
        every=every,
    )


@contextlib.contextmanager
def running_on(cpus: frozenset[int]) -> Iterator[None]:
    """The calling thread runs on `cpus` inside the block, and so does whatever it starts."""
    before = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, cpus)
    except OSError:
        # Not allowed here (a container's cpuset): unpinned is still a valid run.
        yield
        return
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time `pid` has used so far: unlike a rate, hardly changed by others
    sharing the machine, so CPU per request is the steadier figure on a busy one."""
    # Fields after the command name, which may itself hold spaces and parentheses.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    user, system = int(fields[11]), int(fields[12])
    return (user + system) / os.sysconf("SC_CLK_TCK")
