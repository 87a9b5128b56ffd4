"""How a recurring todo finds its next due: an RFC 5545 RRULE, validated and expanded.

The core stores a rule only in the canonical form `normalise` returns, and asks for one
occurrence at a time, so an adapter never has to materialise a series. Every implementation
(dateutil in production, anything in tests) must follow the contract below to the letter: the
supported subset, the canonical form and the semantics of COUNT, UNTIL and time of day.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

__all__ = ["MAX_COUNT", "MAX_INTERVAL", "MAX_RULE_LENGTH", "RecurrenceRule"]

MAX_RULE_LENGTH = 500
MAX_INTERVAL = 1000
MAX_COUNT = 1000


class RecurrenceRule(Protocol):
    """A subset of RFC 5545 RRULEs that a todo can use, with no time-zone handling of its own.

    Supported parts (anything else is refused):

    - FREQ (required): DAILY, WEEKLY, MONTHLY or YEARLY.
    - INTERVAL: 1 to `MAX_INTERVAL`; every INTERVAL-th day, week, month or year counted from
      the period holding the start. Weeks begin on Monday (RFC 5545's default WKST).
    - BYMONTH: 1 to 12.
    - BYMONTHDAY: 1 to 31 or -31 to -1 (-1 is the last day of the month); not with WEEKLY,
      as RFC 5545 forbids.
    - BYDAY: MO, TU, WE, TH, FR, SA, SU. MONTHLY and YEARLY may prefix a signed ordinal:
      `2TU` is the second Tuesday, `-1FR` the last Friday of the month (MONTHLY, or YEARLY
      with BYMONTH; ordinal 1 to 5) or of the year (YEARLY without BYMONTH; 1 to 53). Like
      every list, it is a union: `MO,-1WE` is every Monday and the last Wednesday.
    - COUNT: 1 to `MAX_COUNT`. UNTIL: YYYYMMDD, or YYYYMMDDTHHMMSS with an optional Z.
      At most one of COUNT and UNTIL.
    """

    def normalise(self, rule: str) -> str:
        """The canonical text of a valid rule; `ValidationFailed(field="recurrence")` otherwise.

        Accepted input: at most `MAX_RULE_LENGTH` characters of ASCII, surrounding whitespace
        ignored, an optional leading `RRULE:`, then `NAME=VALUE` parts separated by `;` (no
        empty parts, no spaces inside), names and values in any case, each part at most once.
        Also refused: a BYMONTH and BYMONTHDAY pair that can never meet (BYMONTH=2;BYMONTHDAY=30)
        and an UNTIL that is not a real calendar date and time.

        The canonical form is upper case, without `RRULE:`, with parts in the order FREQ,
        INTERVAL, BYMONTH, BYMONTHDAY, BYDAY, COUNT, UNTIL; INTERVAL=1 is left out as the
        default; numbers carry no `+` sign and no leading zeros; lists are deduplicated and
        sorted (numbers ascending, BYDAY by weekday from MO, then by ordinal with the bare
        weekday first); UNTIL keeps its form (date, local date-time, or date-time with Z).
        For example `rrule:freq=weekly;byday=we,mo;interval=2` gives
        `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE`. Normalising a canonical rule returns it unchanged.
        """
        ...

    def next_occurrence(self, rule: str, *, start: datetime, after: datetime) -> datetime | None:
        """The first occurrence of `rule` from `start` that is strictly later than `after`.

        None when there is none: COUNT is used up, UNTIL has passed, the pattern never occurs
        again, or the next occurrence would fall after `calendar_range.LAST_DAY`, where every
        series ends. `rule` is anything `normalise` accepts; an invalid one raises
        `ValidationFailed(field="recurrence")`.

        Wall-clock time: `start`, `after` and the result are naive local datetimes, and an
        aware `start` or `after` raises ValueError. The caller converts to and from the todo's
        time zone, so "daily at 09:00" stays at 09:00 local time across DST changes (two
        occurrences may then be 23 or 25 hours apart), and a local time that a DST change
        skips or repeats is the caller's to resolve.

        `start` is RFC 5545's DTSTART, with microseconds dropped. It supplies the time of day
        of every occurrence, and the values a rule leaves out: the weekday of a WEEKLY rule
        without BYDAY, the day of a MONTHLY rule without BYDAY or BYMONTHDAY, and the day and
        month (unless BYMONTH is given) of such a YEARLY rule. The BY parts narrow each other:
        BYMONTHDAY=13;BYDAY=FR is every Friday the 13th. A date that does not exist is skipped,
        never moved: "monthly on the 31st" skips 30-day months, "yearly on 29 February" falls
        only in leap years. Occurrences are never earlier than `start`, and `start` itself is
        one only when it matches the rule; an unmatched start is not added as an extra
        occurrence (RFC 5545 leaves that case undefined).

        COUNT=n keeps the first n occurrences counted from `start`, so the series must be
        asked with the same `start` every time; after the n-th, the answer is None.

        UNTIL is inclusive. A date-only UNTIL keeps every occurrence on that day, whatever its
        time. A date-time UNTIL is compared with occurrences as a wall-clock time, and so is one
        ending in Z: a simplification (RFC 5545 reads it as UTC) that can move the end of a
        series by the zone's UTC offset, accepted because recurring todos rarely care.
        """
        ...
