"""Running the `todo` program as an operator does: a subprocess on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

__all__ = ["TODO", "clean_environment", "free_port", "running", "todo"]

TODO = Path(sys.executable).with_name("todo")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment() -> dict[str, str]:
    """The environment without any `TODO_` setting: the defaults are what is under test."""
    cleaned = {k: v for k, v in os.environ.items() if not k.startswith("TODO_")}
    return cleaned | {"PYTHONUNBUFFERED": "1"}


def todo(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TODO), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@contextmanager
def running(
    command: str, *, cwd: Path, env: dict[str, str], log: list[str] | None = None
) -> Iterator[str]:
    """`todo <command>` serving until the block ends; yields its base URL once it is ready.

    On leaving, the server must have said where it served and shut down gracefully; its
    output (stdout and stderr), line by line, is added to `log` if one is given.
    """
    port = free_port()
    # A file, not a pipe: nothing reads a pipe while the server runs, and a server that logs
    # more than the pipe holds (an access-log line per request) would block on writing.
    with (
        tempfile.TemporaryFile("w+") as output_file,
        subprocess.Popen(
            [str(TODO), command, "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=output_file,
            stderr=subprocess.STDOUT,
            text=True,
        ) as server,
    ):
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail(f"todo {command} did not become ready within 30 s")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=15)
            output_file.seek(0)
            output = output_file.read()
            if log is not None:
                log.extend(output.splitlines())
        assert f"todo {command}: serving on {base}" in output
        # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status tells why.
        assert "Application shutdown complete" in output
        assert server.returncode in (0, -signal.SIGTERM), output
