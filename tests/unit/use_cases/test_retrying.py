"""`Retrying` re-runs a use case that lost a database-detected race, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from todo_core.errors import (
    Conflict,
    PreconditionFailed,
    StorageUnavailable,
    TodoError,
    TransientConflict,
)
from todo_core.use_cases.shared.retrying import DEFAULT_ATTEMPTS, Retrying


@dataclass
class FlakyUseCase:
    """Raises `failures` errors made by `make_error`, then answers with the command doubled."""

    failures: int
    make_error: type[Exception] = TransientConflict
    raised: list[Exception] = field(default_factory=list)
    calls: int = 0

    async def __call__(self, command: int) -> int:
        self.calls += 1
        if self.calls <= self.failures:
            error = self.make_error(f"attempt {self.calls} failed")
            self.raised.append(error)
            raise error
        return command * 2


@dataclass
class RecordedPauses:
    """Stands in for `asyncio.sleep`: remembers each pause and returns at once."""

    seconds: list[float] = field(default_factory=list)

    async def __call__(self, delay: float) -> None:
        self.seconds.append(delay)


def retrying(
    use_case: FlakyUseCase, pauses: RecordedPauses, jitter: float = 0.5
) -> Retrying[int, int]:
    return Retrying(use_case, sleep=pauses, jitter=lambda: jitter)


async def test_a_use_case_that_succeeds_runs_once_without_pausing() -> None:
    use_case, pauses = FlakyUseCase(failures=0), RecordedPauses()

    assert await retrying(use_case, pauses)(21) == 42

    assert use_case.calls == 1
    assert pauses.seconds == []


@pytest.mark.parametrize("failures", [1, 2])
async def test_lost_races_are_run_again_until_one_succeeds(failures: int) -> None:
    use_case, pauses = FlakyUseCase(failures=failures), RecordedPauses()

    assert await retrying(use_case, pauses)(21) == 42

    assert use_case.calls == failures + 1
    assert len(pauses.seconds) == failures


async def test_after_three_lost_races_the_last_transient_conflict_escapes() -> None:
    use_case, pauses = FlakyUseCase(failures=10), RecordedPauses()

    with pytest.raises(TransientConflict) as caught:
        await retrying(use_case, pauses)(21)

    assert DEFAULT_ATTEMPTS == 3
    assert use_case.calls == 3
    assert caught.value is use_case.raised[-1]
    # No pause after the last attempt: nothing follows it.
    assert len(pauses.seconds) == 2
    # Still a Conflict, so the HTTP edge answers 409.
    assert isinstance(caught.value, Conflict)


@pytest.mark.parametrize(
    "error", [Conflict, PreconditionFailed, StorageUnavailable, TodoError, ValueError]
)
async def test_every_other_error_goes_straight_through(error: type[Exception]) -> None:
    use_case, pauses = FlakyUseCase(failures=1, make_error=error), RecordedPauses()

    with pytest.raises(error) as caught:
        await retrying(use_case, pauses)(21)

    assert type(caught.value) is error
    assert use_case.calls == 1
    assert pauses.seconds == []


async def test_pauses_are_a_few_milliseconds_scaled_by_the_jitter_and_doubling() -> None:
    pauses = RecordedPauses()

    with pytest.raises(TransientConflict):
        await retrying(FlakyUseCase(failures=10), pauses, jitter=1.0)(21)
    with pytest.raises(TransientConflict):
        await retrying(FlakyUseCase(failures=10), pauses, jitter=0.0)(21)

    assert pauses.seconds == [pytest.approx(0.005), pytest.approx(0.010), 0.0, 0.0]


async def test_the_attempts_are_configurable() -> None:
    use_case = FlakyUseCase(failures=10)

    with pytest.raises(TransientConflict):
        await Retrying(use_case, attempts=5, sleep=RecordedPauses())(21)

    assert use_case.calls == 5


def test_at_least_one_attempt_is_required() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Retrying(FlakyUseCase(failures=0), attempts=0)


async def test_the_real_pause_is_short_enough_for_the_suite() -> None:
    # The default sleep and jitter, for real: two pauses of at most 5 and 10 ms.
    use_case = FlakyUseCase(failures=2)

    assert await Retrying(use_case)(1) == 2

    assert use_case.calls == 3
