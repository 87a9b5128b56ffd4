"""The test command's watchdog, and the deliberate hangs that show both time limits working.

`TODO_TEST_DELIBERATE_HANG=test` makes one test sleep for ever: pytest-timeout ends the run
with every thread's stack. `TODO_TEST_DELIBERATE_HANG=gil` makes it hang in C with the GIL
held, where no Python-level timer can run: only the watchdog of `make test` ends that, with
native stacks. Neither runs unless asked for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

# Exponential backtracking inside the C regular-expression engine, which never releases the GIL.
_BACKTRACKS_FOR_EVER = ("(a+)+$", "a" * 64 + "!")


def _watchdog(limit: float, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.support.watchdog", "--limit", str(limit), "--", *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_command_that_ends_in_time_keeps_its_own_exit_status() -> None:
    finished = _watchdog(30, sys.executable, "-c", "raise SystemExit(3)")

    assert finished.returncode == 3
    assert "watchdog" not in finished.stdout


def test_a_command_that_hangs_holding_the_gil_fails_with_its_native_stack() -> None:
    pattern, text = _BACKTRACKS_FOR_EVER
    hang = f"import re; re.match({pattern!r}, {text!r})"

    started = time.monotonic()
    finished = _watchdog(2, sys.executable, "-c", hang)

    assert finished.returncode == 124
    assert time.monotonic() - started < 60
    assert "still running after 2 s;" in finished.stdout
    # py-spy's dump: the Python frame and the C frames below it, of the hung process itself.
    assert "<module> (<string>:1)" in finished.stdout
    assert re.search(r"sre|SRE", finished.stdout), finished.stdout
    assert "watchdog: FAILED: the command hung" in finished.stdout


@pytest.mark.skipif(
    not os.environ.get("TODO_TEST_DELIBERATE_HANG"),
    reason="a deliberate hang, run only with TODO_TEST_DELIBERATE_HANG=test or =gil",
)
def test_deliberate_hang() -> None:
    if os.environ["TODO_TEST_DELIBERATE_HANG"] == "gil":
        pattern, text = _BACKTRACKS_FOR_EVER
        re.match(pattern, text)
    else:
        time.sleep(10**6)
