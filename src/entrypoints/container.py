"""The composition root: the only place that knows which adapter fills which port.

Built per process by `build_container(settings)`; nothing here runs at import time, and nothing
is built before it is first needed: `todo api` given a JWKS never loads a private key.
"""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from adapters.jwt import (
    EddsaTokenService,
    JwksVerifier,
    SigningKeyRing,
    load_or_create_signing_key,
)
from adapters.passwords import Argon2Parameters, Argon2PasswordHasher
from adapters.recurrence import DateutilRecurrenceRule
from adapters.sqlalchemy import (
    SqlAlchemyIdempotencyStore,
    SqlAlchemyUnitOfWork,
    create_engine,
    database_is_reachable,
)
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.settings import Settings
from todo_core import Application, Ports
from todo_core.domain.ids import UserId
from todo_core.ports import (
    AccessToken,
    Clock,
    IdGenerator,
    PasswordHasher,
    RecurrenceRule,
    TokenService,
    UnitOfWorkFactory,
)

__all__ = ["Container", "build_container"]


class _TokenServiceOnFirstUse:
    """The token service, built (keys loaded or generated) only when a session use case runs."""

    def __init__(self, build: Callable[[], TokenService]) -> None:
        self._build = build

    def issue_access_token(self, user_id: UserId) -> AccessToken:
        return self._build().issue_access_token(user_id)

    def verify_access_token(self, token: str) -> UserId:
        return self._build().verify_access_token(token)


def _ports(  # noqa: PLR0913 - one argument per port
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    recurrence: RecurrenceRule,
    passwords: PasswordHasher,
    tokens: Callable[[], TokenService],
    settings: Settings,
) -> Ports:
    secret = settings.cursor_secret_bytes()
    optional = {} if secret is None else {"cursor_secret": secret}
    return Ports(
        uow=uow,
        clock=clock,
        ids=ids,
        recurrence=recurrence,
        passwords=passwords,
        tokens=_TokenServiceOnFirstUse(tokens),
        **optional,
    )


def _signing_keys(settings: Settings) -> SigningKeyRing:
    pems = settings.signing_key_pems()
    if pems:
        return SigningKeyRing.from_pems(pems)
    # The embedded default (ADR 0008): one key, generated once, kept across restarts.
    return SigningKeyRing.of(load_or_create_signing_key(settings.key_directory))


def _argon2_parameters(settings: Settings) -> Argon2Parameters:
    return Argon2Parameters(
        memory_kib=settings.argon2_memory_kib,
        time_cost=settings.argon2_time_cost,
        parallelism=settings.argon2_parallelism,
    )


def _api_verifier(
    settings: Settings, clock: Clock, tokens: Callable[[], EddsaTokenService]
) -> JwksVerifier | EddsaTokenService:
    """The API's token check: the configured JWKS (public keys only), else the local key ring."""
    document = settings.jwks_document()
    if document is None:
        return tokens()
    return JwksVerifier.from_jwks(
        document, issuer=settings.token_issuer, audience=settings.token_audience, clock=clock
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    engine = providers.Singleton(create_engine, url=settings.provided.database_url)
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(Uuid7IdGenerator)
    # A Factory provider is itself callable: each call is a fresh unit of work.
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, engine=engine, ids=ids)

    # Awaiting `container.database_ready()` answers the readiness probe.
    database_ready = providers.Callable(database_is_reachable, engine)

    recurrence = providers.Singleton(DateutilRecurrenceRule)
    passwords = providers.Singleton(
        Argon2PasswordHasher, providers.Callable(_argon2_parameters, settings)
    )
    signing_keys = providers.Singleton(_signing_keys, settings)
    # Signs (Auth service) and verifies with the whole ring; `jwks()` is what it publishes.
    token_service = providers.Singleton(
        EddsaTokenService,
        signing_keys,
        issuer=settings.provided.token_issuer,
        audience=settings.provided.token_audience,
        clock=clock,
        ids=ids,
    )
    # Verifies only: what the API service checks bearer tokens with.
    api_token_verifier = providers.Singleton(_api_verifier, settings, clock, token_service.provider)

    # The API's memory of POSTs sent with an Idempotency-Key (see entrypoints.http.idempotency).
    idempotency_store = providers.Singleton(SqlAlchemyIdempotencyStore, engine=engine, clock=clock)

    application = providers.Singleton(
        Application,
        ports=providers.Factory(
            _ports,
            uow=unit_of_work.provider,
            clock=clock,
            ids=ids,
            recurrence=recurrence,
            passwords=passwords,
            tokens=token_service.provider,
            settings=settings,
        ),
    )


def build_container(settings: Settings) -> Container:
    return Container(settings=settings)
