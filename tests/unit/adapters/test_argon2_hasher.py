"""The Argon2 adapter hashes with the configured Argon2id cost and never raises for bad input.

Every test runs with a tiny cost (64 KiB, one pass), so the file stays fast; the real cost and
the thread pool's effect on the event loop are measured in
tests/integration/test_argon2_off_event_loop.py.
"""

from __future__ import annotations

import asyncio
import threading
import unicodedata
from collections.abc import AsyncIterator, Callable

import pytest
from argon2 import PasswordHasher as LibraryHasher
from argon2 import Type, extract_parameters
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.passwords import OWASP_PARAMETERS, Argon2Parameters, Argon2PasswordHasher
from todo_core.ports.password_hasher import PasswordHasher

FAST = Argon2Parameters(memory_kib=64, time_cost=1)
STRONGER = Argon2Parameters(memory_kib=128, time_cost=2)
PASSWORD = "correct horse battery staple"  # noqa: S105
# A real bcrypt hash (of "U*U"), as an import from another system would bring.
BCRYPT = "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"


@pytest.fixture
async def hasher() -> AsyncIterator[Argon2PasswordHasher]:
    hasher = Argon2PasswordHasher(FAST, max_workers=2)
    yield hasher
    await hasher.aclose()


def test_the_adapter_implements_the_port() -> None:
    # The annotation is the real check: mypy --strict runs over the tests.
    port: PasswordHasher = Argon2PasswordHasher(FAST)
    assert PasswordHasher in type(port).__mro__
    assert isinstance(port, Argon2PasswordHasher)
    port.close()


def test_the_defaults_are_owasps_argon2id_parameters() -> None:
    owasp = Argon2Parameters(
        memory_kib=19_456, time_cost=2, parallelism=1, hash_length=32, salt_length=16
    )
    assert Argon2Parameters() == owasp
    assert owasp == OWASP_PARAMETERS
    default = Argon2PasswordHasher()
    try:
        assert default.parameters == OWASP_PARAMETERS
        # An OWASP-shaped hash (16-byte salt, 32-byte digest) needs no rehash under the defaults.
        owasp_hash = f"$argon2id$v=19$m=19456,t=2,p=1${'A' * 22}${'A' * 43}"
        assert not default.needs_rehash(owasp_hash)
    finally:
        default.close()


async def test_a_hash_verifies_against_its_password(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash(PASSWORD)
    assert await hasher.verify(password_hash, PASSWORD) is True


async def test_a_wrong_password_does_not_verify(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash(PASSWORD)
    assert await hasher.verify(password_hash, PASSWORD + " ") is False
    assert await hasher.verify(password_hash, PASSWORD.upper()) is False
    assert await hasher.verify(password_hash, "") is False


@pytest.mark.parametrize(
    "parameters",
    [FAST, Argon2Parameters(memory_kib=96, time_cost=2, parallelism=2, hash_length=24)],
    ids=["fast", "custom"],
)
async def test_the_hash_is_argon2id_with_the_configured_parameters(
    parameters: Argon2Parameters,
) -> None:
    hasher = Argon2PasswordHasher(parameters, max_workers=1)
    try:
        password_hash = await hasher.hash(PASSWORD)
    finally:
        await hasher.aclose()
    p = parameters
    cost = f"m={p.memory_kib},t={p.time_cost},p={p.parallelism}"
    assert password_hash.startswith(f"$argon2id$v=19${cost}$")
    encoded = extract_parameters(password_hash)
    assert encoded.type is Type.ID
    assert (encoded.memory_cost, encoded.time_cost, encoded.parallelism) == (
        p.memory_kib,
        p.time_cost,
        p.parallelism,
    )
    assert (encoded.hash_len, encoded.salt_len) == (p.hash_length, p.salt_length)


async def test_each_hash_has_its_own_salt(hasher: Argon2PasswordHasher) -> None:
    hashes = await asyncio.gather(*(hasher.hash(PASSWORD) for _ in range(5)))
    assert len({password_hash.split("$")[4] for password_hash in hashes}) == 5
    assert all(await asyncio.gather(*(hasher.verify(h, PASSWORD) for h in hashes)))


@pytest.mark.parametrize(
    "password_hash",
    [
        "",
        "not a hash",
        "$",
        BCRYPT,
        "pbkdf2_sha256$600000$c2FsdA$aGFzaA==",
        "$argon2id$",
        "$argon2id$v=19$m=64,t=1,p=1$$",
        "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2gü",
        "\x00" * 16,
    ],
)
async def test_a_malformed_or_foreign_hash_verifies_false(
    hasher: Argon2PasswordHasher, password_hash: str
) -> None:
    assert await hasher.verify(password_hash, PASSWORD) is False
    assert await hasher.verify(password_hash, "") is False


@pytest.mark.parametrize(
    "damage",
    [
        lambda h: h[:-4],
        lambda h: h[:-1] + ("A" if h[-1] != "A" else "B"),
        lambda h: h + "\x00trailing junk after a NUL",
        lambda h: h + "é",
        lambda h: h.replace("$argon2id$", "$argon2x$"),
        lambda h: h.replace("m=64", "m=128"),
    ],
    ids=["truncated", "digest-changed", "nul-suffixed", "non-ascii", "unknown-variant", "cost"],
)
async def test_a_damaged_hash_of_the_right_password_verifies_false(
    hasher: Argon2PasswordHasher, damage: Callable[[str], str]
) -> None:
    password_hash = await hasher.hash(PASSWORD)
    assert await hasher.verify(damage(password_hash), PASSWORD) is False


@pytest.mark.parametrize(
    "password_hash", ["", "not a hash", BCRYPT, "$argon2id$", "\x00" * 16, "$argon2id$v=19$ü"]
)
def test_an_unparseable_hash_needs_no_rehash(
    hasher: Argon2PasswordHasher, password_hash: str
) -> None:
    # It cannot verify either, so no login would ever reach the rehash.
    assert hasher.needs_rehash(password_hash) is False


async def test_a_hash_made_with_the_current_parameters_needs_no_rehash(
    hasher: Argon2PasswordHasher,
) -> None:
    assert hasher.needs_rehash(await hasher.hash(PASSWORD)) is False


async def test_a_hash_made_with_weaker_parameters_needs_a_rehash(
    hasher: Argon2PasswordHasher,
) -> None:
    weak_hash = await hasher.hash(PASSWORD)
    stronger = Argon2PasswordHasher(STRONGER, max_workers=1)
    try:
        assert stronger.needs_rehash(weak_hash) is True
        # ... and still verifies, so the login that triggers the rehash succeeds.
        assert await stronger.verify(weak_hash, PASSWORD) is True
        assert stronger.needs_rehash(await stronger.hash(PASSWORD)) is False
    finally:
        await stronger.aclose()


async def test_another_argon2_variant_verifies_but_needs_a_rehash(
    hasher: Argon2PasswordHasher,
) -> None:
    argon2i = LibraryHasher(time_cost=1, memory_cost=64, parallelism=1, type=Type.I)
    legacy_hash = argon2i.hash(PASSWORD)
    assert await hasher.verify(legacy_hash, PASSWORD) is True
    assert hasher.needs_rehash(legacy_hash) is True


@pytest.mark.parametrize(
    "password",
    [
        "",
        "pässwörd",
        "密码很长的密码",
        "🔐🦄 emoji",
        "\x00 with a NUL",
        "\ud800 a lone surrogate, as a JSON body can carry",
        "é" * 128,
    ],
)
async def test_any_string_is_a_password(hasher: Argon2PasswordHasher, password: str) -> None:
    password_hash = await hasher.hash(password)
    assert await hasher.verify(password_hash, password) is True
    assert await hasher.verify(password_hash, password + "x") is False


async def test_passwords_are_hashed_as_utf8_without_normalisation(
    hasher: Argon2PasswordHasher,
) -> None:
    composed = unicodedata.normalize("NFC", "pässwörd")
    decomposed = unicodedata.normalize("NFD", composed)
    password_hash = await hasher.hash(composed)
    # Any Argon2 implementation that hashes the UTF-8 bytes agrees with us.
    assert LibraryHasher().verify(password_hash, composed.encode())
    assert await hasher.verify(password_hash, decomposed) is False


@settings(max_examples=60, deadline=None)
@given(
    password_hash=st.one_of(
        st.text(),
        st.text().map(lambda tail: f"$argon2id$v=19$m=64,t=1,p=1${tail}"),
    ),
    password=st.text(),
)
async def test_verify_never_raises(password_hash: str, password: str) -> None:
    hasher = Argon2PasswordHasher(FAST, max_workers=1)
    try:
        assert await hasher.verify(password_hash, password) is False
        assert isinstance(hasher.needs_rehash(password_hash), bool)
    finally:
        await hasher.aclose()


async def test_aclose_stops_the_workers_and_refuses_more_work() -> None:
    before = set(threading.enumerate())
    hasher = Argon2PasswordHasher(FAST, max_workers=2)
    await hasher.hash(PASSWORD)
    workers = [t for t in threading.enumerate() if t not in before and t.name.startswith("argon2")]
    assert workers
    await hasher.aclose()
    assert not any(worker.is_alive() for worker in workers)
    with pytest.raises(RuntimeError):
        await hasher.hash(PASSWORD)


@pytest.mark.parametrize(
    "settings_",
    [
        {"time_cost": 0},
        {"parallelism": 0},
        {"memory_kib": 15, "parallelism": 2},
        {"hash_length": 3},
        {"salt_length": 7},
    ],
)
def test_impossible_parameters_are_refused_at_once(settings_: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="Argon2"):
        Argon2Parameters(**settings_)


def test_a_pool_without_workers_is_refused() -> None:
    with pytest.raises(ValueError, match="max_workers"):
        Argon2PasswordHasher(FAST, max_workers=0)
