"""The curl walkthrough of docs/contracts/rest/README.md, run exactly as written.

Every ```sh block runs, in order, in one bash (`set -euo pipefail`) against a live
`todo serve`; the only input from here is `BASE`, which the README itself reads from the
environment. A block that ends with `# => CODE` must print that status code last; every other
command uses `--fail-with-body`, so an unexpected refusal fails the script.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.live_server import clean_environment, running, todo

README = Path(__file__).parents[2] / "docs" / "contracts" / "rest" / "README.md"
_BLOCK = re.compile(r"^```sh\n(.*?)^```$", re.DOTALL | re.MULTILINE)
_EXPECTED = re.compile(r"^# => (\d{3})$", re.MULTILINE)
_MARKER = "@@block@@"

pytestmark = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("jq") is None, reason="needs curl and jq"
)


def _blocks() -> list[str]:
    return _BLOCK.findall(README.read_text(encoding="utf-8"))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    env = clean_environment()
    migrate = todo("migrate", cwd=tmp_path, env=env)
    assert migrate.returncode == 0, migrate.stderr
    with running("serve", cwd=tmp_path, env=env) as base:
        yield base


def test_the_readme_has_the_walkthrough() -> None:
    text = "\n".join(_blocks())
    for route in ("/auth/register", "/auth/login", "/auth/refresh", "/auth/logout", "/trash"):
        assert route in text
    for step in ("/complete", "/restore", "If-Match", "If-None-Match", "-X DELETE"):
        assert step in text
    assert "BASE=${BASE:-http://127.0.0.1:8000}" in text


def test_every_curl_command_of_the_readme_runs_against_a_live_server(served: str) -> None:
    blocks = _blocks()
    script = "\n".join(f"{block}\necho\necho '{_MARKER}'" for block in blocks)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=clean_environment() | {"BASE": served},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    outputs = result.stdout.split(_MARKER)[: len(blocks)]
    assert len(outputs) == len(blocks)
    checked = 0
    for block, output in zip(blocks, outputs, strict=True):
        if expected := _EXPECTED.search(block):
            assert output.split()[-1] == expected[1], (block, output)
            checked += 1
    assert checked == 4
    restored = json.loads(outputs[-2].strip())
    assert (restored["title"], restored["notes"]) == ("buy milk", "2 litres")
    registered = json.loads(outputs[1].strip())
    assert registered["email"] == "ann@example.org"
    assert "password" not in outputs[1]
