from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from adapters.jwt import SigningKey, SigningKeyRing
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


def test_events_are_in_process_unless_kafka_brokers_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TODO_KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("TODO_KAFKA_CONSUMER_GROUP_PREFIX", raising=False)
    assert Settings().kafka_bootstrap_servers is None
    assert Settings().kafka_consumer_group_prefix == "todo."

    monkeypatch.setenv("TODO_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("TODO_KAFKA_CONSUMER_GROUP_PREFIX", "staging.todo.")
    settings = Settings()
    assert settings.kafka_bootstrap_servers == "kafka-1:9092,kafka-2:9092"
    assert settings.kafka_consumer_group_prefix == "staging.todo."


def test_signing_keys_are_pem_values_or_files_oldest_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old, new = SigningKey.generate(), SigningKey.generate()
    key_file = tmp_path / "new.pem"
    key_file.write_bytes(new.private_pem())
    monkeypatch.setenv("TODO_SIGNING_KEYS", json.dumps([old.private_pem().decode(), str(key_file)]))
    settings = Settings()
    assert SigningKeyRing.from_pems(settings.signing_key_pems()) == SigningKeyRing.of(old, new)
    assert "BEGIN" not in repr(settings)


def test_one_signing_key_needs_no_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    key = SigningKey.generate()
    monkeypatch.setenv("TODO_SIGNING_KEYS", key.private_pem().decode())
    assert Settings().signing_key_pems() == [key.private_pem().strip()]
    monkeypatch.setenv("TODO_SIGNING_KEYS", "")
    assert Settings().signing_keys == ()


def test_jwks_is_json_or_the_path_of_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    document = json.dumps(SigningKeyRing.of(SigningKey.generate()).jwks())
    assert Settings().jwks_document() is None
    monkeypatch.setenv("TODO_JWKS", document)
    assert Settings().jwks_document() == document
    path = tmp_path / "jwks.json"
    path.write_text(document, encoding="utf-8")
    monkeypatch.setenv("TODO_JWKS", str(path))
    assert Settings().jwks_document() == document


def test_cors_origins_are_comma_separated_and_empty_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().cors_allow_origins == ()
    monkeypatch.setenv("TODO_CORS_ALLOW_ORIGINS", "https://a.example, https://b.example")
    assert Settings().cors_allow_origins == ("https://a.example", "https://b.example")


def test_rate_limits_and_hashing_default_to_the_documented_values() -> None:
    settings = Settings()
    assert (
        settings.rate_limit_auth_per_minute,
        settings.rate_limit_email_per_minute,
        settings.rate_limit_api_per_minute,
    ) == (10, 5, 600)
    assert (settings.argon2_memory_kib, settings.argon2_time_cost) == (19_456, 2)
    with pytest.raises(ValidationError, match="rate_limit_api_per_minute"):
        Settings(rate_limit_api_per_minute=-1)


def test_the_refresh_reuse_grace_is_ten_seconds_and_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().refresh_reuse_grace_seconds == 10
    monkeypatch.setenv("TODO_REFRESH_REUSE_GRACE_SECONDS", "0")
    assert Settings().refresh_reuse_grace_seconds == 0
    for outside in (-1, 61):
        with pytest.raises(ValidationError, match="refresh_reuse_grace_seconds"):
            Settings(refresh_reuse_grace_seconds=outside)


def test_schedules_and_retention_default_to_the_documented_values_and_can_be_overridden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = Settings()
    assert (
        settings.schedule_reminders,
        settings.schedule_digests,
        settings.schedule_housekeeping,
    ) == ("* * * * *", "* * * * *", "17 3 * * *")
    assert settings.reminder_max_lateness == timedelta(hours=24)
    assert (
        settings.trash_retention_days,
        settings.outbox_retention_days,
        settings.inbox_retention_days,
    ) == (30, 7, 30)

    monkeypatch.setenv("TODO_SCHEDULE_HOUSEKEEPING", "0 4 * * 0")
    monkeypatch.setenv("TODO_REMINDER_MAX_LATENESS", "PT2H")
    overridden = Settings()
    assert overridden.schedule_housekeeping == "0 4 * * 0"
    assert overridden.reminder_max_lateness == timedelta(hours=2)


def test_a_schedule_that_is_no_cron_expression_fails_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TODO_SCHEDULE_REMINDERS", "every minute")
    with pytest.raises(ValidationError, match="schedule_reminders"):
        Settings()
