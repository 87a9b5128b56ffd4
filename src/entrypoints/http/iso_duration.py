"""ISO 8601 durations of fixed length, as the API reads and writes reminder leads.

Strict on purpose: only the designators whose length never varies are accepted (weeks, days,
hours, minutes, seconds, as whole numbers), so `P1D` is always 86,400 seconds. Years and
months are refused (a month has no fixed length), as are signs, fractions, lower-case
designators and empty forms such as `P` or `PT`. Accepted, in ISO 8601's order:

    PnW    or    P[nD][T[nH][nM][nS]]    (at least one component; T only before a time part)

A duration is written back in one canonical form, days and time only: `P1W` reads back as
`P7D`, `PT90M` as `PT1H30M`, and zero as `PT0S`.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

__all__ = ["format_duration", "parse_duration"]

# Nine digits per component: plenty for any lead, small enough to stay far from overflow.
_COMPONENT: Final = r"([0-9]{1,9})"
_WEEKS = re.compile(rf"P{_COMPONENT}W")
_DAYS_AND_TIME = re.compile(
    rf"P(?:{_COMPONENT}D)?(?:T(?=[0-9])(?:{_COMPONENT}H)?(?:{_COMPONENT}M)?(?:{_COMPONENT}S)?)?"
)
_CALENDAR = re.compile(r"-?P(?:[0-9.,]+Y)?(?:[0-9.,]+M)?")
_MAX_SECONDS: Final = int(timedelta.max.total_seconds())
_SECONDS_PER = (86_400, 3_600, 60, 1)


def parse_duration(text: str) -> timedelta:
    """The duration `text` spells; `ValueError` with a message fit for a client otherwise."""
    if text.startswith("-"):
        raise ValueError("a duration cannot be negative")
    if weeks := _WEEKS.fullmatch(text):
        seconds = int(weeks.group(1)) * 7 * _SECONDS_PER[0]
    elif (match := _DAYS_AND_TIME.fullmatch(text)) and any(match.groups()):
        seconds = sum(
            int(value) * per
            for value, per in zip(match.groups(), _SECONDS_PER, strict=True)
            if value is not None
        )
    else:
        raise ValueError(_explain(text))
    if seconds > _MAX_SECONDS:
        raise ValueError("the duration is too long")
    return timedelta(seconds=seconds)


def format_duration(duration: timedelta) -> str:
    """The canonical text of a whole-second, non-negative duration: `P1DT2H`, `PT30M`."""
    if duration < timedelta(0) or duration.microseconds:
        raise ValueError("only non-negative whole-second durations have an ISO 8601 form here")
    days = duration.days
    hours, rest = divmod(duration.seconds, 3_600)
    minutes, seconds = divmod(rest, 60)
    date_part = f"{days}D" if days else ""
    time_part = "".join(
        f"{value}{designator}"
        for value, designator in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if value
    )
    if not date_part and not time_part:
        return "PT0S"
    return f"P{date_part}" + (f"T{time_part}" if time_part else "")


def _explain(text: str) -> str:
    calendar = _CALENDAR.match(text)
    if calendar is not None and calendar.group(0) not in ("P", "-P"):
        return "years and months have no fixed length: use weeks, days, hours or minutes"
    if any(mark in text for mark in ".,"):
        return "duration components must be whole numbers"
    return f"not an ISO 8601 duration such as PT30M or P1D: {text[:40]!r}"
