from __future__ import annotations

import unicodedata

import pytest

from adapters.memory import InMemoryCommonPasswords, InMemoryStore
from tests.support.fake_password_hasher import FakePasswordHasher
from tests.support.fakes import FixedClock, SequentialIds
from todo_core.domain.list_events import ListCreated
from todo_core.domain.user_events import UserRegistered
from todo_core.errors import Conflict, ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.register_user import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    RegisterUser,
    RegisterUserCommand,
)
from todo_core.use_cases.shared.user_view import UserView

PHRASE = "correct horse"
OTHER_PHRASE = "battery staple"


def _command(**overrides: str) -> RegisterUserCommand:
    fields = {"email": "ann@example.org", "password": PHRASE} | overrides
    return RegisterUserCommand(**fields)


@pytest.fixture
def register(
    uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds, hasher: FakePasswordHasher
) -> RegisterUser:
    return RegisterUser(
        uow=uow, clock=clock, ids=ids, hasher=hasher, common_passwords=InMemoryCommonPasswords()
    )


async def test_registers_an_unverified_user_at_version_one(
    register: RegisterUser, clock: FixedClock
) -> None:
    view = await register(
        RegisterUserCommand(
            email=" Ann@Example.ORG ",
            password=PHRASE,
            display_name=" Ann Smith ",
            timezone="Europe/Berlin",
        )
    )

    assert view == UserView(
        id=view.id,
        email="ann@example.org",
        display_name="Ann Smith",
        time_zone="Europe/Berlin",
        email_verified=False,
        digest_enabled=False,
        digest_time="07:00",
        created_at=clock.now(),
        updated_at=clock.now(),
        version=1,
    )


async def test_stores_the_hash_never_the_password(
    register: RegisterUser, store: InMemoryStore
) -> None:
    view = await register(RegisterUserCommand(email="ann@example.org", password=PHRASE))

    stored = store.users.rows[view.id]
    assert stored.password_hash.startswith("fake1$")
    assert PHRASE not in stored.password_hash


async def test_the_view_and_the_command_never_show_the_password(register: RegisterUser) -> None:
    command = RegisterUserCommand(email="ann@example.org", password=PHRASE)
    view = await register(command)

    assert not any("password" in name for name in UserView.__dataclass_fields__)
    assert PHRASE not in repr(command)
    assert PHRASE not in repr(view)


async def test_display_name_defaults_to_the_local_part_and_time_zone_to_utc(
    register: RegisterUser,
) -> None:
    view = await register(RegisterUserCommand(email="Ann.Smith@example.org", password=PHRASE))

    assert view.display_name == "ann.smith"
    assert view.time_zone == "UTC"


async def test_a_long_local_part_is_cut_to_a_valid_display_name(register: RegisterUser) -> None:
    view = await register(RegisterUserCommand(email=f"{'a' * 150}@example.org", password=PHRASE))

    assert view.display_name == "a" * 100


async def test_creates_the_inbox_in_the_same_commit(
    register: RegisterUser, store: InMemoryStore, clock: FixedClock
) -> None:
    view = await register(RegisterUserCommand(email="ann@example.org", password=PHRASE))

    (inbox,) = store.lists.rows.values()
    assert inbox.owner_id == view.id
    assert (inbox.name.value, inbox.is_inbox, inbox.position, inbox.archived) == (
        "Inbox",
        True,
        0,
        False,
    )
    assert store.outbox == [
        UserRegistered(
            occurred_at=clock.now(),
            user_id=view.id,
            email="ann@example.org",
            display_name="ann",
            time_zone="UTC",
        ),
        ListCreated(
            occurred_at=clock.now(),
            list_id=inbox.id,
            owner_id=view.id,
            name="Inbox",
            position=0,
            is_inbox=True,
        ),
    ]


async def test_an_e_mail_already_registered_in_any_case_is_a_conflict(
    register: RegisterUser, store: InMemoryStore
) -> None:
    await register(RegisterUserCommand(email="ann@example.org", password=PHRASE))
    store.outbox.clear()

    with pytest.raises(Conflict, match="already registered"):
        await register(RegisterUserCommand(email="ANN@example.org", password=OTHER_PHRASE))

    assert len(store.users.rows) == 1
    assert len(store.lists.rows) == 1
    assert store.outbox == []


@pytest.mark.parametrize(
    "password",
    ["", "x" * (MIN_PASSWORD_LENGTH - 1), "x" * (MAX_PASSWORD_LENGTH + 1)],
    ids=["empty", "too-short", "too-long"],
)
async def test_a_password_outside_the_policy_is_refused_before_hashing(
    register: RegisterUser, store: InMemoryStore, hasher: FakePasswordHasher, password: str
) -> None:
    with pytest.raises(ValidationFailed, match="password") as error:
        await register(RegisterUserCommand(email="ann@example.org", password=password))

    assert error.value.field == "password"
    assert hasher.hash_calls == 0
    assert store.users.rows == {}
    assert store.outbox == []


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        (" " * 8, "password-blank"),
        ("\u00a0\t\u200b \u3000\u2028\u00a0\u00a0", "password-blank"),
        ("password", "password-common"),
        ("12345678", "password-common"),
        ("PassWord1", "password-common"),
        # Full-width digits are the same password once NFKC-normalised.
        ("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "password-common"),
        ("Ann.Smith@Example.org", "password-is-email"),
        (" ann.smith ", "password-is-email"),
        ("x" * (MIN_PASSWORD_LENGTH - 1), "password-length"),
        # Eight code points as sent, four once the accents are composed (NFKC).
        ("e\u0301" * 4, "password-length"),
        # Seven as sent, nine once the ligatures are decomposed.
        ("\ufb01\ufb02xyzw!", "password-length"),
    ],
    ids=[
        "spaces",
        "invisible",
        "password",
        "digits",
        "any-case",
        "full-width",
        "e-mail",
        "local-part",
        "short",
        "short-once-composed",
        "short-as-sent",
    ],
)
async def test_a_weak_password_is_refused_naming_its_rule_before_hashing(
    register: RegisterUser,
    store: InMemoryStore,
    hasher: FakePasswordHasher,
    password: str,
    rule: str,
) -> None:
    with pytest.raises(ValidationFailed, match="password") as error:
        await register(RegisterUserCommand(email="ann.smith@example.org", password=password))

    assert (error.value.field, error.value.rule) == ("password", rule)
    assert hasher.hash_calls == 0
    assert store.users.rows == {}


async def test_the_password_is_hashed_in_its_nfkc_form(
    register: RegisterUser, store: InMemoryStore
) -> None:
    decomposed = "cre\u0300me bru\u0302le\u0301e"
    view = await register(RegisterUserCommand(email="ann@example.org", password=decomposed))

    composed = unicodedata.normalize("NFKC", decomposed)
    assert composed != decomposed
    assert store.users.rows[view.id].password_hash == await FakePasswordHasher().hash(composed)


@pytest.mark.parametrize("length", [MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH])
async def test_passwords_at_the_policy_limits_are_accepted(
    register: RegisterUser, length: int
) -> None:
    view = await register(RegisterUserCommand(email="ann@example.org", password="p" * length))
    assert view.version == 1


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (_command(email="not-an-address"), "email"),
        (_command(display_name=" "), "display_name"),
        (_command(display_name="a\nb"), "display_name"),
        (_command(timezone="Mars/Olympus"), "timezone"),
        (_command(timezone=""), "timezone"),
    ],
    ids=["email", "blank-name", "two-line-name", "unknown-zone", "empty-zone"],
)
async def test_invalid_input_is_refused_and_nothing_is_stored(
    register: RegisterUser,
    store: InMemoryStore,
    hasher: FakePasswordHasher,
    command: RegisterUserCommand,
    field: str,
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await register(command)

    assert error.value.field == field
    assert hasher.hash_calls == 0
    assert store.users.rows == {}
    assert store.lists.rows == {}
    assert store.outbox == []


async def test_two_users_get_distinct_ids_and_inboxes(
    register: RegisterUser, store: InMemoryStore
) -> None:
    ann = await register(RegisterUserCommand(email="ann@example.org", password=PHRASE))
    bob = await register(RegisterUserCommand(email="bob@example.org", password=PHRASE))

    assert ann.id != bob.id
    assert sorted(row.owner_id for row in store.lists.rows.values()) == sorted([ann.id, bob.id])
