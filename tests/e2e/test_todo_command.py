"""The `todo` program as an operator runs it: migrate, serve, then plain HTTP against it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

TODO = Path(sys.executable).with_name("todo")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _todo(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TODO), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def env(workdir: Path) -> dict[str, str]:
    # The default database URL is relative: running in a fresh directory proves the default works.
    cleaned = {k: v for k, v in os.environ.items() if not k.startswith("TODO_")}
    return cleaned | {"PYTHONUNBUFFERED": "1"}


@pytest.fixture
def served(workdir: Path, env: dict[str, str]) -> Iterator[str]:
    migrate = _todo("migrate", cwd=workdir, env=env)
    assert migrate.returncode == 0, migrate.stderr
    assert (workdir / "var" / "todo.db").exists()

    port = _free_port()
    with subprocess.Popen(
        [str(TODO), "serve", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as server:
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
                pytest.fail("todo serve did not become ready within 30 s")
            yield base
        finally:
            server.terminate()
            output, _ = server.communicate(timeout=15)
        assert f"serving on {base}" in output
        # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status tells why.
        assert "Application shutdown complete" in output
        assert server.returncode in (0, -signal.SIGTERM), output


def test_migrate_then_serve_then_create_and_get_over_http(served: str) -> None:
    user = {"X-User-Id": "0190a000-0000-7000-8000-000000000001"}
    created = httpx.post(f"{served}/api/v1/todos", json={"title": "from curl"}, headers=user)
    assert created.status_code == 201
    fetched = httpx.get(f"{served}{created.headers['location']}", headers=user)
    assert fetched.json()["title"] == "from curl"
    listed = httpx.get(f"{served}/api/v1/todos", headers=user)
    assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]


def test_migrate_is_idempotent(workdir: Path, env: dict[str, str]) -> None:
    for _ in range(2):
        result = _todo("migrate", cwd=workdir, env=env)
        assert result.returncode == 0, result.stderr
        assert "database is at head" in result.stdout


def test_a_service_that_is_not_built_yet_exits_non_zero(workdir: Path, env: dict[str, str]) -> None:
    result = _todo("mailer", cwd=workdir, env=env)
    assert result.returncode == 69
    assert "not available yet" in result.stderr


def test_the_relay_without_kafka_says_what_is_missing(workdir: Path, env: dict[str, str]) -> None:
    env = {key: value for key, value in env.items() if key != "TODO_KAFKA_BOOTSTRAP_SERVERS"}
    result = _todo("relay", cwd=workdir, env=env)
    assert result.returncode == 78  # EX_CONFIG
    assert "TODO_KAFKA_BOOTSTRAP_SERVERS is not set" in result.stderr
