"""Register an account: the user and their Inbox are created in one transaction, or neither is.

The password is normalised and checked against the password rules (`NewPassword`) before it is
hashed (hashing is slow on purpose, and a refused password must not cost it), and hashed before
the transaction opens, so no connection waits on the hasher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import ListId, UserId
from todo_core.domain.password import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, NewPassword
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.domain.todo_list import TodoList
from todo_core.domain.user import User
from todo_core.errors import Conflict
from todo_core.ports.clock import Clock
from todo_core.ports.common_passwords import CommonPasswords
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.password_hasher import PasswordHasher
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.user_view import UserView

__all__ = ["MAX_PASSWORD_LENGTH", "MIN_PASSWORD_LENGTH", "RegisterUser", "RegisterUserCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterUserCommand:
    email: str
    # Kept out of repr so a logged command never shows it.
    password: str = field(repr=False)
    display_name: str | None = None
    timezone: str | None = None


class RegisterUser:
    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        hasher: PasswordHasher,
        common_passwords: CommonPasswords,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._hasher = hasher
        self._common_passwords = common_passwords

    async def __call__(self, command: RegisterUserCommand) -> UserView:
        email = EmailAddress.parse(command.email)
        password = NewPassword.choose(
            command.password, email=email, is_common=self._common_passwords.is_common
        )
        display_name = (
            DisplayName.default_for(email)
            if command.display_name is None
            else DisplayName.parse(command.display_name)
        )
        time_zone = UTC_ZONE if command.timezone is None else TimeZoneName.parse(command.timezone)
        password_hash = await self._hasher.hash(password.text)
        now = self._clock.now()
        user = User.register(
            user_id=UserId(self._ids.new_id()),
            email=email,
            display_name=display_name,
            time_zone=time_zone,
            password_hash=password_hash,
            now=now,
        )
        inbox = TodoList.create_inbox(list_id=ListId(self._ids.new_id()), owner_id=user.id, now=now)
        async with self._uow() as uow:
            # A clear message for the common case; the store's unique key settles a race.
            if await uow.users.get_by_email(email) is not None:
                raise Conflict("this e-mail address is already registered")
            await uow.users.add(user)
            await uow.lists.add(inbox)
            await uow.commit()
        return UserView.of(user)
