"""With OWASP's cost, Argon2 hashing leaves the event loop free and uses more than one core.

That the loop stays free is counted in loop iterations, which no load on the machine changes.
The parallelism needs timings, and real timings on a shared machine are noisy, and noise only
ever adds time. So the cost of one hash is the least of a few, and a burst of concurrent hashes
is tried a few times, passing on the first attempt that shows the property: a hasher that
serialises its work fails every attempt.

A speed-up also needs a second core that nobody else is using, which a shared machine cannot
promise (measured here: another test run took one of the two cores, and four hashes then took
as long as four sequential ones). So when no attempt shows the speed-up, the test still
requires that the hashes overlapped (two in flight: the first finishes about halfway through
the burst, where serialised hashes finish a quarter of the way), and skips only the speed-up.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from time import perf_counter, process_time

import pytest

from adapters.passwords import OWASP_PARAMETERS, Argon2PasswordHasher

CONCURRENT = 4
ATTEMPTS = 3
# Burst time / (CONCURRENT x one hash). Two workers on two idle cores make it about 0.5
# (measured 0.46 to 0.64); one worker, about 1.0 (0.95 at best). 0.8 leaves room on both sides.
MAX_RATIO = 0.8
# When the first of the burst's hashes finished, as a share of the burst: about 0.5 with two
# workers (1.0 with four or more), 0.25 when they run one after another.
MIN_OVERLAP = 0.4


@dataclass(frozen=True, slots=True)
class Burst:
    seconds: float  # wall time for all CONCURRENT hashes
    first_done: float  # when the first hash finished, as a share of `seconds`
    cpus_used: float  # this process's CPU time over `seconds`: how many cores it got


@pytest.fixture
async def hasher() -> AsyncIterator[Argon2PasswordHasher]:
    hasher = Argon2PasswordHasher()  # OWASP's parameters, one worker per CPU
    assert hasher.parameters == OWASP_PARAMETERS
    yield hasher
    await hasher.aclose()


async def _one_hash_seconds(hasher: Argon2PasswordHasher) -> float:
    await hasher.hash("warm up: start the worker, fault in the memory")
    durations = []
    for attempt in range(3):
        start = perf_counter()
        await hasher.hash(f"one at a time {attempt}")
        durations.append(perf_counter() - start)
    return min(durations)


async def _burst(hasher: Argon2PasswordHasher) -> Burst:
    async def finished_at(password: str) -> float:
        await hasher.hash(password)
        return perf_counter()

    start, cpu_start = perf_counter(), process_time()
    ends = await asyncio.gather(*(finished_at(f"concurrent {i}") for i in range(CONCURRENT)))
    seconds, cpu_seconds = perf_counter() - start, process_time() - cpu_start
    return Burst(
        seconds=seconds,
        first_done=(min(ends) - start) / seconds,
        cpus_used=cpu_seconds / seconds,
    )


async def test_the_event_loop_keeps_running_while_a_hash_is_computed(
    hasher: Argon2PasswordHasher,
) -> None:
    """Counted in loop iterations, not measured in time: a hash computed on the loop finishes
    before the loop runs anything else, however busy the machine; one computed off the loop
    lets other coroutines run until it is done."""
    await hasher.hash("warm up: start the worker, fault in the memory")
    hashing = asyncio.create_task(hasher.hash("off the loop"))
    other_steps = 0
    await asyncio.sleep(0)  # the hash starts
    while not hashing.done():
        other_steps += 1
        await asyncio.sleep(0)
    await hashing

    assert other_steps > 0


async def test_concurrent_hashes_run_in_parallel(hasher: Argon2PasswordHasher) -> None:
    cpus = os.cpu_count() or 1
    if cpus < 2:
        pytest.skip(f"parallel hashing needs two CPUs; this machine has {cpus}")
    one_hash = await _one_hash_seconds(hasher)
    bursts = []
    for _ in range(ATTEMPTS):
        bursts.append(await _burst(hasher))
        if bursts[-1].seconds < MAX_RATIO * CONCURRENT * one_hash:
            return
    best_ratio = min(burst.seconds for burst in bursts) / (CONCURRENT * one_hash)
    best_overlap = max(burst.first_done for burst in bursts)
    assert best_overlap >= MIN_OVERLAP, (
        f"the first of {CONCURRENT} concurrent hashes finished {best_overlap:.0%} of the way "
        f"through, and they took {best_ratio:.2f} x {CONCURRENT} sequential ones: "
        "they ran one after another"
    )
    pytest.skip(
        f"the hashes overlapped, but took {best_ratio:.2f} x {CONCURRENT} sequential ones: "
        f"this process got {max(b.cpus_used for b in bursts):.1f} of {cpus} CPUs (machine busy)"
    )
