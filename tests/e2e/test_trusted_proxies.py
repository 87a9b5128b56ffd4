"""Rate limits and logs behind a reverse proxy, against `todo serve`: the forwarded client
address counts only when the peer (here the test, on 127.0.0.1) is a trusted proxy. A peer
other than the trusted ones is tested in tests/unit/entrypoints/test_forwarded.py."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.live_server import clean_environment, running, todo

_LIMITED = {"TODO_RATE_LIMIT_AUTH_PER_MINUTE": "2", "TODO_LOG_LEVEL": "info"}
ANN = {"X-Forwarded-For": "203.0.113.7"}
BOB = {"Forwarded": 'for="198.51.100.9:4711";proto=https'}


def _refresh(base: str, headers: dict[str, str]) -> int:
    body = {"refresh_token": "not a token"}
    return httpx.post(f"{base}/auth/refresh", json=body, headers=headers, timeout=10).status_code


def _serve(workdir: Path, **settings: str) -> tuple[dict[str, str], list[str]]:
    env = clean_environment() | _LIMITED | settings
    assert todo("migrate", cwd=workdir, env=env).returncode == 0
    return env, []


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(tmp_path: Path) -> None:
    env, log = _serve(tmp_path, TODO_FORWARDED_ALLOW_IPS="127.0.0.1")
    with running("serve", cwd=tmp_path, env=env, log=log) as base:
        assert [_refresh(base, ANN) for _ in range(3)] == [401, 401, 429]
        assert [_refresh(base, BOB) for _ in range(3)] == [401, 401, 429]
        # The proxy's own requests are a client of their own.
        assert _refresh(base, {}) == 401
    assert any(line.startswith("INFO") and "203.0.113.7:0 - " in line for line in log), log
    assert any("198.51.100.9:4711 - " in line for line in log), log


def test_without_trusted_proxies_forwarded_headers_are_ignored(tmp_path: Path) -> None:
    env, log = _serve(tmp_path)
    with running("serve", cwd=tmp_path, env=env, log=log) as base:
        assert [_refresh(base, ANN), _refresh(base, BOB), _refresh(base, {})] == [401, 401, 429]
    assert not [line for line in log if "203.0.113.7" in line or "198.51.100.9" in line], log
