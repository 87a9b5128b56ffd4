"""Check an e-mail address and password, and say who they belong to.

Every failure looks the same from outside: an unknown address and a wrong password raise the
same `Unauthorized`, and an unknown address still costs one `verify` (against a dummy hash
made with the current parameters), so the answer's timing does not tell which it was.

The password is checked in its NFKC form (see `todo_core.domain.password`), the form every hash
is made from. A hash made before passwords were normalised was made from the text as it was
typed: when the normalised form does not match and differs from the typed one, the typed one
is tried too (the dummy check does the same, so timing still says nothing).

A correct password whose hash was made from the typed rather than the normalised text, or under
weaker hashing parameters, is rehashed (normalised) and saved, in a second short transaction:
hashing never runs while a connection is held, and losing that save to a concurrent change
only postpones the rehash to the next login, it never fails this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from todo_core.domain.email_address import EmailAddress
from todo_core.domain.password import normalise_password
from todo_core.domain.user import User
from todo_core.errors import PreconditionFailed, Unauthorized, ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.password_hasher import PasswordHasher
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.user_view import UserView

__all__ = ["INVALID_CREDENTIALS", "AuthenticateUser", "AuthenticateUserCommand"]

INVALID_CREDENTIALS = "invalid e-mail or password"
# Only ever hashed to make the dummy hash; nothing is ever stored under it.
_DUMMY_PASSWORD = "no account has this password: it only equalises timing"  # noqa: S105


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthenticateUserCommand:
    email: str
    password: str = field(repr=False)


class AuthenticateUser:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, hasher: PasswordHasher) -> None:
        self._uow = uow
        self._clock = clock
        self._hasher = hasher
        self._dummy_hash: str | None = None

    async def __call__(self, command: AuthenticateUserCommand) -> UserView:
        normalised = normalise_password(command.password)
        user = await self._find(command.email)
        if user is None:
            await self._matches(await self._dummy(), normalised, command.password)
            raise Unauthorized(INVALID_CREDENTIALS)
        matched = await self._matches(user.password_hash, normalised, command.password)
        if matched is None:
            raise Unauthorized(INVALID_CREDENTIALS)
        if matched != normalised or self._hasher.needs_rehash(user.password_hash):
            user = await self._rehash(user, normalised)
        return UserView.of(user)

    async def _matches(self, password_hash: str, normalised: str, typed: str) -> str | None:
        """Which form of the password the hash was made from, or None if neither."""
        if await self._hasher.verify(password_hash, normalised):
            return normalised
        # A hash from before normalisation: made from the text as typed.
        if typed != normalised and await self._hasher.verify(password_hash, typed):
            return typed
        return None

    async def _find(self, raw_email: str) -> User | None:
        try:
            email = EmailAddress.parse(raw_email)
        except ValidationFailed:
            # Nobody can have registered it, so it is an unknown address like any other.
            return None
        async with self._uow() as uow:
            return await uow.users.get_by_email(email)

    async def _dummy(self) -> str:
        # Made on first need rather than hard-coded: only the hasher knows its own format.
        if self._dummy_hash is None:
            self._dummy_hash = await self._hasher.hash(_DUMMY_PASSWORD)
        return self._dummy_hash

    async def _rehash(self, user: User, password: str) -> User:
        new_hash = await self._hasher.hash(password)
        async with self._uow() as uow:
            current = await uow.users.get(user.id)
            if current is None or current.password_hash != user.password_hash:
                # The password changed since we checked it: never overwrite the new one.
                return user
            current.change_password_hash(new_hash, self._clock.now())
            try:
                await uow.commit()
            except PreconditionFailed:
                return user
        return current
