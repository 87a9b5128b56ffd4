from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import UserId
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.domain.user import User
from todo_core.domain.user_events import UserProfileChanged, UserRegistered

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)
USER_ID = UserId(UUID(int=1))
FIRST_HASH = "fake1$abc"
SECOND_HASH = "fake1$def"


def _register() -> User:
    return User.register(
        user_id=USER_ID,
        email=EmailAddress("ann@example.org"),
        display_name=DisplayName("Ann"),
        time_zone=UTC_ZONE,
        password_hash=FIRST_HASH,
        now=NOW,
    )


def _registered() -> User:
    user = _register()
    user.pull_events()
    return user


def test_a_new_user_is_unverified_at_version_one() -> None:
    user = _register()
    assert (user.version, user.email_verified) == (1, False)
    assert user.created_at == user.updated_at == NOW
    assert user.password_hash == FIRST_HASH


def test_registering_records_one_event_without_any_secret() -> None:
    (event,) = _register().pull_events()
    assert event == UserRegistered(
        occurred_at=NOW,
        user_id=USER_ID,
        email="ann@example.org",
        display_name="Ann",
        time_zone="UTC",
    )
    assert FIRST_HASH not in repr(event)
    assert event.event_type() == "todo.user.registered.v1"
    assert event.aggregate_id == USER_ID


def test_changing_the_display_name_bumps_the_version_and_says_what_changed() -> None:
    user = _registered()

    changed = user.change_profile(display_name=DisplayName("Annie"), now=LATER)

    assert changed == ("display_name",)
    assert (user.display_name.value, user.version, user.updated_at) == ("Annie", 2, LATER)
    assert user.pull_events() == [
        UserProfileChanged(
            occurred_at=LATER,
            user_id=USER_ID,
            email="ann@example.org",
            changed=("display_name",),
            display_name="Annie",
            time_zone="UTC",
        )
    ]


def test_changing_both_fields_is_one_version_and_one_event() -> None:
    user = _registered()

    changed = user.change_profile(
        display_name=DisplayName("Annie"), time_zone=TimeZoneName("Europe/Berlin"), now=LATER
    )

    assert changed == ("display_name", "time_zone")
    assert user.version == 2
    (event,) = user.pull_events()
    assert isinstance(event, UserProfileChanged)
    assert (event.time_zone, event.event_type()) == (
        "Europe/Berlin",
        "todo.user.profile_changed.v1",
    )


@pytest.mark.parametrize(
    ("display_name", "time_zone"),
    [(None, None), (DisplayName("Ann"), None), (None, UTC_ZONE), (DisplayName("Ann"), UTC_ZONE)],
    ids=["nothing", "same-name", "same-zone", "both-same"],
)
def test_a_profile_change_to_the_same_values_changes_nothing(
    display_name: DisplayName | None, time_zone: TimeZoneName | None
) -> None:
    user = _registered()

    assert user.change_profile(display_name=display_name, time_zone=time_zone, now=LATER) == ()
    assert (user.version, user.updated_at) == (1, NOW)
    assert user.pull_events() == []


def test_a_new_password_hash_bumps_the_version_without_an_event() -> None:
    user = _registered()

    assert user.change_password_hash(SECOND_HASH, LATER) is True
    assert (user.password_hash, user.version, user.updated_at) == (SECOND_HASH, 2, LATER)
    assert user.pull_events() == []


def test_the_same_password_hash_changes_nothing() -> None:
    user = _registered()
    assert user.change_password_hash(FIRST_HASH, LATER) is False
    assert user.version == 1
