"""Change the acting user's display name, time zone and/or daily digest settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from todo_core.domain.display_name import DisplayName
from todo_core.domain.ids import UserId
from todo_core.domain.time_zone import TimeZoneName
from todo_core.errors import NotFound, ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.partial_update import require_a_change
from todo_core.use_cases.shared.user_view import UserView

__all__ = ["ChangeProfile", "ChangeProfileCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeProfileCommand:
    actor: UserId
    # None leaves a field as it is.
    display_name: str | None = None
    timezone: str | None = None
    digest_enabled: bool | None = None
    # "HH:MM", 24-hour, in the user's time zone.
    digest_time: str | None = None
    # The version the caller last saw (e.g. from an ETag); None skips the check.
    expected_version: int | None = None

    def __post_init__(self) -> None:
        require_a_change(
            display_name=self.display_name is not None,
            timezone=self.timezone is not None,
            digest_enabled=self.digest_enabled is not None,
            digest_time=self.digest_time is not None,
        )


class ChangeProfile:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: ChangeProfileCommand) -> UserView:
        display_name = (
            None if command.display_name is None else DisplayName.parse(command.display_name)
        )
        time_zone = None if command.timezone is None else TimeZoneName.parse(command.timezone)
        digest_time = None if command.digest_time is None else _local_time(command.digest_time)
        async with self._uow() as uow:
            user = await uow.users.get(command.actor)
            if user is None:
                raise NotFound(f"user {command.actor} not found")
            user.require_version(command.expected_version)
            user.change_profile(
                display_name=display_name,
                time_zone=time_zone,
                digest_enabled=command.digest_enabled,
                digest_time=digest_time,
                now=self._clock.now(),
            )
            await uow.commit()
        return UserView.of(user)


def _local_time(text: str) -> time:
    """A wall-clock time as "HH:MM" (24-hour)."""
    if len(text) != len("HH:MM") or text[2] != ":":
        raise ValidationFailed("a digest time is HH:MM, e.g. 07:30", field="digest_time")
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValidationFailed("a digest time is HH:MM, e.g. 07:30", field="digest_time") from None
