"""Run a command with a time limit; past it, print every process's native stack and fail.

    python -m tests.support.watchdog --limit SECONDS -- COMMAND [ARG...]

pytest-timeout ends a single test that hangs, but it needs the interpreter to run its own
code: a hang that holds the GIL in C (a regular expression backtracking for ever, a C
extension looping), one in a session fixture's teardown, or one in a child process escapes it.
This wrapper needs nothing from the command: when the limit passes it prints the Python and
native stacks of the command and all its descendants (`py-spy dump --native`), ends them, and
exits 124 (as coreutils' `timeout` does), so a hung run fails within CI's limits and says where.
Otherwise it exits with the command's own status.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

__all__ = ["descendants", "main"]

TIMED_OUT = 124
_GRACE_SECONDS = 10


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, parents first (from /proc's children lists)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop(0)
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _dump_stacks(pid: int) -> None:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    for process in descendants(pid):
        try:
            command = Path(f"/proc/{process}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        _say(f"\n--- pid {process}: {command.decode(errors='replace').strip()}")
        if not Path(py_spy).exists():
            _say("(py-spy is not installed: no stack)")
            continue
        # Not every descendant is Python (a database server, a JVM): py-spy says so and goes on.
        subprocess.run(
            [py_spy, "dump", "--native", "--pid", str(process)],
            stdout=sys.stdout,
            stderr=subprocess.STDOUT,
            timeout=60,
            check=False,
        )


def _end(child: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=_GRACE_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.watchdog")
    parser.add_argument("--limit", type=float, required=True, help="seconds")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    # Its own process group, so that ending it ends what it started too.
    child = subprocess.Popen(command, start_new_session=True)

    def forward(signum: int, _frame: FrameType | None) -> None:
        os.killpg(child.pid, signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, forward)
    try:
        return child.wait(timeout=args.limit)
    except subprocess.TimeoutExpired:
        pass
    _say(
        f"\nwatchdog: {' '.join(command)!r} still running after {args.limit:g} s; "
        "the stacks of every process it runs, innermost frame first:"
    )
    _dump_stacks(child.pid)
    _end(child)
    _say(f"\nwatchdog: FAILED: the command hung (limit {args.limit:g} s)")
    return TIMED_OUT


if __name__ == "__main__":
    sys.exit(main())
