"""The User aggregate: an account that owns lists, labels and todos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from todo_core.domain.aggregate import Aggregate
from todo_core.domain.digest_schedule import (
    DEFAULT_DIGEST_TIME,
    digest_moment,
    next_digest_moment,
)
from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import UserId
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.user_events import (
    DigestDue,
    DigestTodo,
    UserProfileChanged,
    UserRegistered,
)

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
        digest_enabled: bool | None = None,
        digest_time: time | None = None,
        now: datetime,
    ) -> tuple[str, ...]:
        """Apply the given fields (None keeps one as it is); returns the names that changed.

        Setting a field to the value it already has is no change: no new version, no event,
        so a client re-sending its whole form does not wake every consumer. The event names
        digest changes in `changed` only: its other fields are the profile consumers use.
        """
        changed: list[str] = []
        if display_name is not None and display_name != self.display_name:
            self.display_name = display_name
            changed.append("display_name")
        if time_zone is not None and time_zone != self.time_zone:
            self.time_zone = time_zone
            changed.append("time_zone")
        if digest_enabled is not None and digest_enabled != self.digest_enabled:
            self.digest_enabled = digest_enabled
            changed.append("digest_enabled")
        if digest_time is not None and digest_time != self.digest_time:
            self.digest_time = digest_time.replace(second=0, microsecond=0, tzinfo=None)
            changed.append("digest_time")
        if not changed:
            return ()
        if {"time_zone", "digest_enabled", "digest_time"} & set(changed):
            # From now on: a time already past today waits for tomorrow, not sent at once.
            self._schedule_digest(now, late_today=False)
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

    # -- the daily digest ------------------------------------------------------------------

    def digest_day(self, now: datetime) -> date | None:
        """The local date whose digest is due at `now`, or None.

        Today's (in the user's zone) once its moment has come and none was sent for it. A day
        that has passed (the scheduler was down over midnight) is never sent.
        """
        if not self.digest_enabled or self.next_digest_at is None or self.next_digest_at > now:
            return None
        today = now.astimezone(self.time_zone.zone).date()
        if self.digest_sent_on is not None and self.digest_sent_on >= today:
            return None
        if digest_moment(today, self.digest_time, self.time_zone.zone) > now:
            return None
        return today

    def send_digest(
        self,
        day: date,
        *,
        overdue: tuple[DigestTodo, ...],
        due_today: tuple[DigestTodo, ...],
        now: datetime,
    ) -> None:
        """Record the digest of `day` (from `digest_day`) and schedule the next one."""
        self.digest_sent_on = day
        self.record(
            DigestDue(
                occurred_at=now,
                user_id=self.id,
                email=self.email.value,
                display_name=self.display_name.value,
                time_zone=self.time_zone.value,
                local_date=day,
                due_at=digest_moment(day, self.digest_time, self.time_zone.zone),
                overdue=overdue,
                due_today=due_today,
            )
        )
        self._schedule_digest(now, late_today=False)
        self._bump_version()

    def reschedule_digest(self, now: datetime) -> None:
        """Nothing to send at `now` after all (a day that passed): look ahead to the next."""
        self._schedule_digest(now, late_today=True)
        self._bump_version()

    def _schedule_digest(self, now: datetime, *, late_today: bool) -> None:
        if not self.digest_enabled:
            self.next_digest_at = None
            return
        self.next_digest_at = next_digest_moment(
            now, self.digest_time, self.time_zone.zone, self.digest_sent_on, late_today=late_today
        )

    def _touch(self, now: datetime) -> None:
        self._bump_version()
        self.updated_at = now
