from __future__ import annotations

import pytest
from pydantic import ValidationError

from entrypoints.settings import DEFAULT_DATABASE_URL, Settings


def test_defaults_are_the_embedded_sqlite_file_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TODO_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_url.startswith("sqlite+aiosqlite:///./var/")
    assert settings.host == "127.0.0.1"


def test_environment_variables_with_the_todo_prefix_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TODO_DATABASE_URL", "postgresql+asyncpg://u@localhost/todo")
    monkeypatch.setenv("TODO_PORT", "9000")
    settings = Settings()
    assert settings.database_url == "postgresql+asyncpg://u@localhost/todo"
    assert settings.port == 9000


def test_a_bad_value_fails_at_start_up_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TODO_PORT", "not-a-port")
    with pytest.raises(ValidationError, match="port"):
        Settings()
