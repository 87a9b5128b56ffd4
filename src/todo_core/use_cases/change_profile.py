"""Change the acting user's display name and/or time zone (at least one of them)."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.display_name import DisplayName
from todo_core.domain.ids import UserId
from todo_core.domain.time_zone import TimeZoneName
from todo_core.errors import NotFound
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
    # The version the caller last saw (e.g. from an ETag); None skips the check.
    expected_version: int | None = None

    def __post_init__(self) -> None:
        require_a_change(
            display_name=self.display_name is not None, timezone=self.timezone is not None
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
        async with self._uow() as uow:
            user = await uow.users.get(command.actor)
            if user is None:
                raise NotFound(f"user {command.actor} not found")
            user.require_version(command.expected_version)
            user.change_profile(
                display_name=display_name, time_zone=time_zone, now=self._clock.now()
            )
            await uow.commit()
        return UserView.of(user)
