"""The processes under test: `todo api`, `todo relay` (and friends) or the bare baseline app,
started as an operator starts them, pinned, awaited until they answer, stopped with SIGTERM."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.cpus import running_on

__all__ = [
    "HOST",
    "Server",
    "free_port",
    "running_process",
    "running_server",
    "server_environment",
    "todo_command",
]

HOST = "127.0.0.1"
_READY_TIMEOUT_S = 60.0
# The checkout: `python -m benchmarks.bare_app` must import from it whatever the server's cwd.
_ROOT = Path(__file__).resolve().parents[1]
_STOP_TIMEOUT_S = 15.0


@dataclass(frozen=True, slots=True)
class Server:
    host: str
    port: int
    pid: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def todo_command(*args: str) -> list[str]:
    """The installed `todo` program, beside the interpreter running the harness."""
    return [str(Path(sys.executable).with_name("todo")), *args]


def server_environment(settings: dict[str, str]) -> dict[str, str]:
    # Only the settings given: a developer's own TODO_* variables must not leak into a run.
    base = {k: v for k, v in os.environ.items() if not k.startswith("TODO_")}
    # Warning, not info: uvicorn's access log line per request would be measured too.
    fixed = {"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(_ROOT), "TODO_LOG_LEVEL": "warning"}
    return base | fixed | settings


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{_tail(log)}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"server not ready after {_READY_TIMEOUT_S}s:\n{_tail(log)}")
        time.sleep(0.1)


@contextlib.contextmanager
def running_process(
    command: list[str], *, settings: dict[str, str], cpus: frozenset[int]
) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """Starts `command` on `cpus` with `settings` as its environment; yields it and its log."""
    with tempfile.TemporaryDirectory(prefix="todo-bench-") as scratch:
        log = Path(scratch) / "output.log"
        with log.open("wb") as out, running_on(cpus):
            process = subprocess.Popen(  # noqa: S603 - our own programs
                command,
                cwd=scratch,
                env=server_environment(settings),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            yield process, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=_STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def running_server(
    command: list[str],
    *,
    settings: dict[str, str],
    cpus: frozenset[int],
    ready_path: str = "/health/live",
) -> Iterator[Server]:
    """Starts `command --host H --port P` and waits until `ready_path` answers 200."""
    port = free_port()
    command = [*command, "--host", HOST, "--port", str(port)]
    with running_process(command, settings=settings, cpus=cpus) as (process, log):
        _wait_ready(process, f"http://{HOST}:{port}{ready_path}", log)
        yield Server(HOST, port, process.pid)
