"""The Schemathesis CLI with every check against `todo serve`, as anyone fuzzing the service
would run it: the coverage, fuzzing and stateful phases, positive and negative data, with the
project's schemathesis.toml. It must find nothing.

The server runs on its embedded SQLite with rate limits off (a 429 would only hide the routes)
and cheap hashing; the fuzzer acts as a user registered and logged in here. In CI the run is
deterministic with a fixed seed; elsewhere each run explores anew, and a failure prints the
seed and a `curl` command that reproduce it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from tests.e2e.live_server import clean_environment, running, todo

ROOT = Path(__file__).parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
# Per operation and phase: enough to reach every documented answer, and about a minute and a
# half on two busy cores.
MAX_EXAMPLES = 50
SEED = 20_251_208
_SETTINGS = {
    "TODO_RATE_LIMIT_AUTH_PER_MINUTE": "0",
    "TODO_RATE_LIMIT_EMAIL_PER_MINUTE": "0",
    "TODO_RATE_LIMIT_API_PER_MINUTE": "0",
    "TODO_ARGON2_MEMORY_KIB": "64",
    "TODO_ARGON2_TIME_COST": "1",
}


def _access_token(base: str) -> str:
    credentials = {"email": f"fuzzer-{uuid4()}@example.org", "password": "fuzzing all day"}
    registered = httpx.post(f"{base}/auth/register", json=credentials, timeout=30)
    assert registered.status_code == 201, registered.text
    session = httpx.post(f"{base}/auth/login", json=credentials, timeout=30)
    assert session.status_code == 200, session.text
    token: str = session.json()["access_token"]
    return token


def _schemathesis(base: str, token: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    reproducible = (
        ["--seed", str(SEED), "--generation-deterministic"] if os.environ.get("CI") else []
    )
    return subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(ROOT / "schemathesis.toml"),
            "run",
            f"{base}/schema/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--header",
            f"Authorization: Bearer {token}",
            "--no-color",
            *reproducible,
        ],
        # Schemathesis keeps what it found under the working directory: not in the project.
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )


@pytest.mark.timeout(600)
def test_schemathesis_finds_nothing_with_every_check(tmp_path: Path) -> None:
    env = clean_environment() | _SETTINGS
    assert todo("migrate", cwd=tmp_path, env=env).returncode == 0
    log: list[str] = []
    with running("serve", cwd=tmp_path, env=env, log=log) as base:
        run = _schemathesis(base, _access_token(base), tmp_path)
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    print(summary)  # noqa: T201 - what ran, for the test log
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr
    assert re.search(r"Selected: (\d+)/\1\n\s*Tested: \1\n", summary), summary
    # 401 is an accepted answer to any request: the fuzzer's token must have worked.
    listed = re.compile(r'"GET /api/v1/todos[? ][^"]*" 200 ')
    assert [line for line in log if listed.search(line)], log[-50:]
    assert not [line for line in log if "Traceback" in line]
