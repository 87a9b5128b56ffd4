from __future__ import annotations

import json
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.jwt import EddsaTokenService, JwksVerifier, SigningKey, SigningKeyRing
from adapters.kafka import KafkaEventPublisher
from entrypoints.container import build_container
from entrypoints.settings import Settings
from todo_core.domain.ids import UserId
from todo_core.errors import Unauthorized
from todo_core.use_cases.shared.in_process_publisher import InProcessEventPublisher


def test_without_keys_a_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    first = build_container(Settings(key_directory=keys)).token_service()
    again = build_container(Settings(key_directory=keys)).token_service()
    assert first.jwks() == again.jwks()
    user = UserId(uuid4())
    assert again.verify_access_token(first.issue_access_token(user).token) == user


def test_the_api_given_a_jwks_verifies_with_it_and_never_touches_a_private_key(
    tmp_path: Path,
) -> None:
    signer = SigningKey.generate()
    settings = Settings(
        key_directory=tmp_path / "keys",
        jwks=json.dumps(SigningKeyRing.of(signer).jwks()),
        signing_keys=(),
    )
    container = build_container(settings)
    verifier = container.api_token_verifier()
    assert isinstance(verifier, JwksVerifier)
    assert verifier.kids == {signer.kid}
    assert not (tmp_path / "keys").exists()
    stranger = build_container(Settings(key_directory=tmp_path / "other")).token_service()
    with pytest.raises(Unauthorized):
        verifier.verify_access_token(stranger.issue_access_token(UserId(uuid4())).token)


def test_the_newest_configured_key_signs_and_every_one_is_published(tmp_path: Path) -> None:
    old, new = SigningKey.generate(), SigningKey.generate()
    pems = [key.private_pem().decode() for key in (old, new)]
    container = build_container(Settings(signing_keys=pems, key_directory=tmp_path))
    service = container.token_service()
    assert isinstance(service, EddsaTokenService)
    assert [key["kid"] for key in service.jwks()["keys"]] == [new.kid, old.kid]
    assert container.api_token_verifier() is service
    assert list(tmp_path.iterdir()) == []


def test_the_relay_publishes_in_process_without_kafka_and_to_kafka_with_it() -> None:
    embedded = build_container(Settings(kafka_bootstrap_servers=None))
    assert embedded.event_publisher() is embedded.in_process_publisher()
    assert isinstance(embedded.event_publisher(), InProcessEventPublisher)

    with_kafka = build_container(Settings(kafka_bootstrap_servers="127.0.0.1:9092"))
    publisher = with_kafka.event_publisher()
    assert isinstance(publisher, KafkaEventPublisher)
    assert publisher is with_kafka.kafka_publisher()
