"""An IANA time zone name, checked against the zone database the process has."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from todo_core.errors import ValidationFailed

__all__ = ["MAX_TIME_ZONE_LENGTH", "UTC_ZONE", "TimeZoneName"]

# The longest IANA name is 32 characters; 64 leaves room and is what every store keeps.
MAX_TIME_ZONE_LENGTH = 64


@dataclass(frozen=True, slots=True)
class TimeZoneName:
    value: str

    def __post_init__(self) -> None:
        message = (
            f"unknown time zone {self.value[:MAX_TIME_ZONE_LENGTH]!r}: "
            "use an IANA name like Europe/Berlin"
        )
        if not self.value or len(self.value) > MAX_TIME_ZONE_LENGTH:
            raise ValidationFailed(message, field="timezone")
        try:
            # ZoneInfo caches, so validating on every construction is cheap.
            ZoneInfo(self.value)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            # OSError: a key naming a directory of the zone database ("Europe") is no zone.
            raise ValidationFailed(message, field="timezone") from exc

    @classmethod
    def parse(cls, raw: str) -> TimeZoneName:
        """From user input: IANA names are case-sensitive, so only whitespace is forgiven."""
        return cls(raw.strip())

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.value)


UTC_ZONE = TimeZoneName("UTC")
