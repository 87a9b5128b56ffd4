"""The `CommonPasswords` contract, against the in-memory twin and the zxcvbn list alike."""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryCommonPasswords
from adapters.passwords import ZxcvbnCommonPasswords
from todo_core.ports.common_passwords import CommonPasswords


@pytest.fixture(params=["memory", "zxcvbn"])
def common(request: pytest.FixtureRequest) -> CommonPasswords:
    if request.param == "memory":
        return InMemoryCommonPasswords()
    return ZxcvbnCommonPasswords()


@pytest.mark.parametrize("password", ["password", "12345678", "iloveyou", "PASSWORD", "Password1"])
def test_the_most_common_passwords_are_known_in_any_letter_case(
    common: CommonPasswords, password: str
) -> None:
    assert common.is_common(password)


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "7f$Kq!vR2#zW", "crème brûlée au four"]
)
def test_an_uncommon_password_is_not(common: CommonPasswords, password: str) -> None:
    assert not common.is_common(password)


def test_the_packaged_list_is_the_large_one() -> None:
    # zxcvbn's 30 000 most frequent passwords; a regression to a stub would pass the rest.
    common = ZxcvbnCommonPasswords()
    assert len(common) >= 29_000
    assert common.is_common("trustno1")
    assert common.is_common("qwerty123")


def test_the_twin_takes_its_own_list() -> None:
    common = InMemoryCommonPasswords(["Hunter22x"])
    assert common.is_common("hunter22X")
    assert not common.is_common("password")
