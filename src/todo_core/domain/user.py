"""The User aggregate: an account that owns lists, labels and todos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from todo_core.domain.aggregate import Aggregate
from todo_core.domain.digest_schedule import DEFAULT_DIGEST_TIME
from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import UserId
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.user_events import UserProfileChanged, UserRegistered

__all__ = ["User"]


@dataclass(kw_only=True, eq=False)
class User(Aggregate):
    id: UserId
    email: EmailAddress
    display_name: DisplayName
    time_zone: TimeZoneName
    # Opaque: produced and checked by the PasswordHasher port, never interpreted here.
    password_hash: str
    email_verified: bool
    created_at: datetime
    updated_at: datetime
    # The daily digest (see `todo_core.domain.digest_schedule`): off by default, at a local
    # time in `time_zone`; the local date of the last one sent, and when the next one is due
    # (derived from the others; None while digests are off).
    digest_enabled: bool = False
    digest_time: time = DEFAULT_DIGEST_TIME
    digest_sent_on: date | None = None
    next_digest_at: datetime | None = None

    @classmethod
    def register(  # noqa: PLR0913 - an account has that many independent properties
        cls,
        *,
        user_id: UserId,
        email: EmailAddress,
        display_name: DisplayName,
        time_zone: TimeZoneName,
        password_hash: str,
        now: datetime,
    ) -> User:
        user = cls(
            id=user_id,
            email=email,
            display_name=display_name,
            time_zone=time_zone,
            password_hash=password_hash,
            email_verified=False,
            created_at=now,
            updated_at=now,
            version=1,
        )
        user.record(
            UserRegistered(
                occurred_at=now,
                user_id=user_id,
                email=email.value,
                display_name=display_name.value,
                time_zone=time_zone.value,
            )
        )
        return user

    def change_profile(
        self,
        *,
        display_name: DisplayName | None = None,
        time_zone: TimeZoneName | None = None,
        now: datetime,
    ) -> tuple[str, ...]:
        """Apply the given fields (None keeps one as it is); returns the names that changed.

        Setting a field to the value it already has is no change: no new version, no event,
        so a client re-sending its whole form does not wake every consumer.
        """
        changed: list[str] = []
        if display_name is not None and display_name != self.display_name:
            self.display_name = display_name
            changed.append("display_name")
        if time_zone is not None and time_zone != self.time_zone:
            self.time_zone = time_zone
            changed.append("time_zone")
        if not changed:
            return ()
        self._touch(now)
        self.record(
            UserProfileChanged(
                occurred_at=now,
                user_id=self.id,
                email=self.email.value,
                changed=tuple(changed),
                display_name=self.display_name.value,
                time_zone=self.time_zone.value,
            )
        )
        return tuple(changed)

    def change_password_hash(self, new_hash: str, now: datetime) -> bool:
        """Store a stronger hash of the same password (a rehash on login).

        No event: the password did not change, nothing a consumer could act on happened, and
        hashes must never travel through the outbox. A real password change is another story.
        """
        if new_hash == self.password_hash:
            return False
        self.password_hash = new_hash
        self._touch(now)
        return True

    def _touch(self, now: datetime) -> None:
        self._bump_version()
        self.updated_at = now
