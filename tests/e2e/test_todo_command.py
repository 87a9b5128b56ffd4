"""The `todo` program as an operator runs it: migrate, serve, then plain HTTP against it.

These run with no `TODO_` setting at all, so the shipped defaults are what is tested: the
generated signing key under ./var/keys and Argon2id with OWASP's parameters.
"""

from __future__ import annotations

import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.live_server import TODO, clean_environment, running, todo

CREDENTIALS = {"email": "ann@example.org", "password": "correct horse battery"}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def env() -> dict[str, str]:
    # The default database URL is relative: running in a fresh directory proves the default works.
    return clean_environment()


@pytest.fixture
def migrated(workdir: Path, env: dict[str, str]) -> Path:
    migrate = todo("migrate", cwd=workdir, env=env)
    assert migrate.returncode == 0, migrate.stderr
    assert (workdir / "var" / "todo.db").exists()
    return workdir


@pytest.fixture
def served(migrated: Path, env: dict[str, str]) -> Iterator[str]:
    with running("serve", cwd=migrated, env=env) as base:
        yield base


def _log_in(base: str) -> dict[str, str]:
    registered = httpx.post(f"{base}/auth/register", json=CREDENTIALS)
    assert registered.status_code == 201, registered.text
    login = httpx.post(f"{base}/auth/login", json=CREDENTIALS)
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def test_migrate_then_serve_then_create_and_get_over_http(served: str, workdir: Path) -> None:
    user = _log_in(served)
    created = httpx.post(f"{served}/api/v1/todos", json={"title": "from curl"}, headers=user)
    assert created.status_code == 201
    fetched = httpx.get(f"{served}{created.headers['location']}", headers=user)
    assert fetched.json()["title"] == "from curl"
    listed = httpx.get(f"{served}/api/v1/todos", headers=user)
    assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]
    assert httpx.get(f"{served}/api/v1/todos").status_code == 401
    # The embedded default's secrets were generated once, private to their owner: the signing
    # key (ADR 0008) and the unsubscribe links' secret (ADR 0016).
    keys = workdir / "var" / "keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in keys.iterdir()}
    assert len(modes) == 2
    assert modes.pop("unsubscribe.secret") == 0o600
    assert list(modes.values()) == [0o600]


def test_auth_and_api_run_apart_and_the_api_trusts_the_published_jwks(
    migrated: Path, env: dict[str, str]
) -> None:
    with running("auth", cwd=migrated, env=env) as auth:
        user = _log_in(auth)
        jwks = httpx.get(f"{auth}/.well-known/jwks.json").text
        assert httpx.get(f"{auth}/auth/me", headers=user).json()["email"] == CREDENTIALS["email"]
        assert httpx.get(f"{auth}/api/v1/todos", headers=user).status_code == 404
    # The API needs no private key: only the public JWKS, and no call to the Auth service.
    with running("api", cwd=migrated, env=env | {"TODO_JWKS": jwks}) as api:
        assert httpx.get(f"{api}/api/v1/todos", headers=user).status_code == 200
        assert httpx.get(f"{api}/api/v1/todos").status_code == 401
        assert httpx.post(f"{api}/auth/login", json=CREDENTIALS).status_code == 404


def test_migrate_is_idempotent(workdir: Path, env: dict[str, str]) -> None:
    for _ in range(2):
        result = todo("migrate", cwd=workdir, env=env)
        assert result.returncode == 0, result.stderr
        assert "database is at head" in result.stdout


def test_the_scheduler_lists_its_jobs_and_runs_one_by_hand(
    migrated: Path, env: dict[str, str]
) -> None:
    before = todo("scheduler", "jobs", cwd=migrated, env=env)
    assert before.returncode == 0, before.stderr
    header, *rows = before.stdout.splitlines()
    assert header.split()[:2] == ["job", "schedule"]
    assert [row.split()[0] for row in rows] == ["reminders", "digests", "housekeeping"]
    assert "17 3 * * *" in rows[2]

    ran = todo("scheduler", "run", "housekeeping", cwd=migrated, env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "housekeeping: trash=0 outbox=0 inbox=0 idempotency_keys=0 ticks=0"

    unknown = todo("scheduler", "run", "laundry", cwd=migrated, env=env)
    assert unknown.returncode == 64  # EX_USAGE
    assert "no job 'laundry'" in unknown.stderr


def test_the_scheduler_runs_until_sigterm_and_stops_cleanly(
    migrated: Path, env: dict[str, str]
) -> None:
    with subprocess.Popen(
        [str(TODO), "scheduler"],
        cwd=migrated,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as scheduler:
        assert scheduler.stdout is not None
        lines = iter(scheduler.stdout.readline, "")
        assert any("ran housekeeping" in line for line in lines)  # its first pass caught up
        scheduler.send_signal(signal.SIGTERM)
        rest = scheduler.communicate(timeout=30)[0]
    assert scheduler.returncode == 0, rest
    assert "todo scheduler: stopped" in rest
    jobs = todo("scheduler", "jobs", cwd=migrated, env=env)
    housekeeping = next(row for row in jobs.stdout.splitlines() if row.startswith("housekeeping"))
    assert "trash=0" in housekeeping  # the run it did is on record, finished


def test_the_relay_without_kafka_says_what_is_missing(workdir: Path, env: dict[str, str]) -> None:
    env = {key: value for key, value in env.items() if key != "TODO_KAFKA_BOOTSTRAP_SERVERS"}
    result = todo("relay", cwd=workdir, env=env)
    assert result.returncode == 78  # EX_CONFIG
    assert "TODO_KAFKA_BOOTSTRAP_SERVERS is not set" in result.stderr
