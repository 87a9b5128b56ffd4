"""An IANA time zone name, checked against the zone database the process has.

What a user gives must be one of the names `zoneinfo.available_timezones()` lists, less the
files a host's zone directory keeps beside the zones: `localtime` (whatever zone the host is
set to, so its meaning moves with the server), `posixrules` and `Factory` (no place's time),
and the `posix/` and `right/` copies of every zone (the latter counting leap seconds, which
no clock here does). A name read back from storage is only checked to load, so a zone the
rules later exclude never makes stored data unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from todo_core.errors import ValidationFailed

__all__ = ["MAX_TIME_ZONE_LENGTH", "UTC_ZONE", "TimeZoneName", "iana_time_zone_names"]

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
        name = raw.strip()
        reason = _host_file(name)
        if reason is None:
            zone = cls(name)  # "unknown time zone" unless it loads
            if name in iana_time_zone_names():
                return zone
            reason = "is a file of the zone database"
        raise ValidationFailed(
            f"{name[:MAX_TIME_ZONE_LENGTH]!r} {reason}, not an IANA time zone name: "
            "use one like Europe/Berlin",
            field="timezone",
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.value)


UTC_ZONE = TimeZoneName("UTC")


# Files of a zone directory that are no place's time zone, and why.
_HOST_FILES = {
    "localtime": "is the host's own setting",
    "posixrules": "is a file of the zone database",
    "Factory": "is a placeholder of the zone database",
}
_VARIANT_DIRECTORIES = ("posix/", "right/")


@cache
def iana_time_zone_names() -> frozenset[str]:
    """Every name a user may give: what `TimeZoneName.parse` accepts, once trimmed."""
    # Scanning the zone directories takes about 0.1 s: once per process.
    return frozenset(
        name
        for name in available_timezones()
        if name not in _HOST_FILES and not name.startswith(_VARIANT_DIRECTORIES)
    )


def _host_file(name: str) -> str | None:
    """Why `name` names a host file rather than a zone, by its name alone; None otherwise."""
    if name in _HOST_FILES:
        return _HOST_FILES[name]
    if name.startswith(_VARIANT_DIRECTORIES):
        return "is a variant copy of a zone in the zone database"
    return None
