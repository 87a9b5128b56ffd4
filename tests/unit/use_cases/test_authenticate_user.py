from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fake_password_hasher import FakePasswordHasher, legacy_hash
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE
from tests.unit.use_cases.conftest import ANN_PHRASE as PHRASE
from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.time_zone import UTC_ZONE
from todo_core.domain.user import User
from todo_core.errors import Unauthorized
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.authenticate_user import (
    INVALID_CREDENTIALS,
    AuthenticateUser,
    AuthenticateUserCommand,
)
from todo_core.use_cases.shared.user_view import UserView

WRONG_PHRASE = "correct horsE"


@pytest.fixture
def authenticate(
    uow: UnitOfWorkFactory, clock: FixedClock, hasher: FakePasswordHasher
) -> AuthenticateUser:
    return AuthenticateUser(uow=uow, clock=clock, hasher=hasher)


# "crème brûlée" composed (NFC, what NFKC gives too) and decomposed (NFD): one password.
COMPOSED = unicodedata.normalize("NFC", "cr\u00e8me br\u00fbl\u00e9e")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


async def _add_legacy_user(
    uow: UnitOfWorkFactory, clock: FixedClock, password_hash: str | None = None
) -> User:
    user = User.register(
        user_id=ALICE,
        email=EmailAddress("alice@example.org"),
        display_name=DisplayName("Alice"),
        time_zone=UTC_ZONE,
        password_hash=legacy_hash(PHRASE) if password_hash is None else password_hash,
        now=clock.now(),
    )
    async with uow() as unit:
        await unit.users.add(user)
        await unit.commit()
    return user


async def test_the_right_password_returns_the_user(
    authenticate: AuthenticateUser, ann: UserView
) -> None:
    view = await authenticate(AuthenticateUserCommand(email="ann@example.org", password=PHRASE))
    assert view == ann


async def test_the_e_mail_is_matched_ignoring_case_and_spaces(
    authenticate: AuthenticateUser, ann: UserView
) -> None:
    command = AuthenticateUserCommand(email="  ANN@Example.org ", password=PHRASE)
    assert (await authenticate(command)).id == ann.id


async def test_a_wrong_password_is_unauthorized_and_changes_nothing(
    authenticate: AuthenticateUser, ann: UserView, store: InMemoryStore
) -> None:
    with pytest.raises(Unauthorized) as error:
        await authenticate(AuthenticateUserCommand(email="ann@example.org", password=WRONG_PHRASE))

    assert str(error.value) == INVALID_CREDENTIALS
    assert store.users.rows[ann.id].version == 1
    assert store.outbox == []


@pytest.mark.parametrize("email", ["nobody@example.org", "not an address", ""])
async def test_an_unknown_e_mail_fails_exactly_like_a_wrong_password(
    authenticate: AuthenticateUser, ann: UserView, email: str
) -> None:
    with pytest.raises(Unauthorized) as error:
        await authenticate(AuthenticateUserCommand(email=email, password=PHRASE))

    assert str(error.value) == INVALID_CREDENTIALS


async def test_an_unknown_e_mail_still_costs_one_verify_against_a_dummy_hash(
    authenticate: AuthenticateUser, ann: UserView, hasher: FakePasswordHasher, store: InMemoryStore
) -> None:
    for _ in range(3):
        with pytest.raises(Unauthorized):
            await authenticate(AuthenticateUserCommand(email="nobody@example.org", password=PHRASE))

    assert hasher.verify_calls == 3
    # One dummy hash, made once and reused: the same one every time, nobody's real hash.
    assert len(set(hasher.verified_against)) == 1
    assert hasher.verified_against[0] != store.users.rows[ann.id].password_hash
    assert hasher.hash_calls == 1


async def test_a_wrong_password_costs_one_verify_and_no_hash(
    authenticate: AuthenticateUser, ann: UserView, hasher: FakePasswordHasher
) -> None:
    with pytest.raises(Unauthorized):
        await authenticate(AuthenticateUserCommand(email="ann@example.org", password=WRONG_PHRASE))

    assert (hasher.verify_calls, hasher.hash_calls) == (1, 0)


async def test_a_current_hash_is_not_rehashed(
    authenticate: AuthenticateUser, ann: UserView, hasher: FakePasswordHasher, store: InMemoryStore
) -> None:
    await authenticate(AuthenticateUserCommand(email="ann@example.org", password=PHRASE))

    assert hasher.hash_calls == 0
    assert store.users.rows[ann.id].version == 1


async def test_a_legacy_hash_is_replaced_by_a_current_one_on_login(
    authenticate: AuthenticateUser,
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    hasher: FakePasswordHasher,
    store: InMemoryStore,
) -> None:
    await _add_legacy_user(uow, clock)
    store.outbox.clear()
    clock.advance(timedelta(days=1))

    view = await authenticate(AuthenticateUserCommand(email="alice@example.org", password=PHRASE))

    stored = store.users.rows[ALICE]
    assert stored.password_hash == await hasher.hash(PHRASE)
    assert not hasher.needs_rehash(stored.password_hash)
    assert (view.version, stored.version) == (2, 2)
    assert view.updated_at == clock.now()
    # A rehash is no news for any consumer, and hashes never go through the outbox.
    assert store.outbox == []


async def test_the_rehashed_password_still_logs_in_and_is_not_rehashed_again(
    authenticate: AuthenticateUser,
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    hasher: FakePasswordHasher,
) -> None:
    await _add_legacy_user(uow, clock)
    command = AuthenticateUserCommand(email="alice@example.org", password=PHRASE)
    await authenticate(command)
    hasher.hash_calls = 0

    view = await authenticate(command)

    assert (view.version, hasher.hash_calls) == (2, 0)


async def test_a_legacy_hash_with_the_wrong_password_is_neither_accepted_nor_rehashed(
    authenticate: AuthenticateUser,
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    hasher: FakePasswordHasher,
    store: InMemoryStore,
) -> None:
    user = await _add_legacy_user(uow, clock)

    with pytest.raises(Unauthorized):
        await authenticate(
            AuthenticateUserCommand(email="alice@example.org", password=WRONG_PHRASE)
        )

    assert store.users.rows[ALICE].password_hash == user.password_hash
    assert hasher.hash_calls == 0


class _PasswordChangedDuringVerify(FakePasswordHasher):
    """Simulates another request changing the password while this login was verifying."""

    def __init__(self, store: InMemoryStore) -> None:
        super().__init__()
        self._store = store

    async def verify(self, password_hash: str, password: str) -> bool:
        matched = await super().verify(password_hash, password)
        stored = self._store.users.rows[ALICE]
        stored.password_hash = await self.hash("a brand new password")
        stored.version += 1
        return matched


async def test_a_rehash_never_overwrites_a_password_changed_meanwhile(
    uow: UnitOfWorkFactory, clock: FixedClock, store: InMemoryStore
) -> None:
    await _add_legacy_user(uow, clock)
    hasher = _PasswordChangedDuringVerify(store)
    authenticate = AuthenticateUser(uow=uow, clock=clock, hasher=hasher)

    view = await authenticate(AuthenticateUserCommand(email="alice@example.org", password=PHRASE))

    assert view.version == 1
    assert store.users.rows[ALICE].password_hash == await hasher.hash("a brand new password")


@pytest.mark.parametrize("typed", [COMPOSED, DECOMPOSED], ids=["nfc", "nfd"])
async def test_a_password_logs_in_in_any_unicode_form(
    authenticate: AuthenticateUser,
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    hasher: FakePasswordHasher,
    typed: str,
) -> None:
    # Registration stores the hash of the normalised form.
    await _add_legacy_user(uow, clock, await hasher.hash(COMPOSED))

    view = await authenticate(AuthenticateUserCommand(email="alice@example.org", password=typed))

    assert view.id == ALICE


async def test_a_hash_of_the_typed_form_still_logs_in_and_is_rehashed_normalised(
    authenticate: AuthenticateUser,
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    hasher: FakePasswordHasher,
    store: InMemoryStore,
) -> None:
    # Stored before passwords were normalised: the hash of the decomposed text as typed.
    await _add_legacy_user(uow, clock, await hasher.hash(DECOMPOSED))

    view = await authenticate(
        AuthenticateUserCommand(email="alice@example.org", password=DECOMPOSED)
    )

    assert store.users.rows[ALICE].password_hash == await hasher.hash(COMPOSED)
    assert view.version == 2
    # From now on the composed form, never accepted before, logs in too.
    again = await authenticate(
        AuthenticateUserCommand(email="alice@example.org", password=COMPOSED)
    )
    assert again.version == 2


async def test_an_unknown_e_mail_costs_as_many_verifies_as_a_wrong_unnormalised_password(
    authenticate: AuthenticateUser, ann: UserView, hasher: FakePasswordHasher
) -> None:
    with pytest.raises(Unauthorized):
        await authenticate(AuthenticateUserCommand(email="ann@example.org", password=DECOMPOSED))
    known = hasher.verify_calls
    with pytest.raises(Unauthorized):
        await authenticate(AuthenticateUserCommand(email="nobody@example.org", password=DECOMPOSED))

    assert known == 2
    assert hasher.verify_calls - known == known
