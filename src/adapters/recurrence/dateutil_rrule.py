"""The RecurrenceRule port on python-dateutil: a strict parser here, dateutil's `rrule` to expand.

dateutil accepts far more than the port allows (BYSETPOS, HOURLY, lenient dates, COUNT with
UNTIL), so a rule is parsed and checked here, and dateutil sees only keyword arguments.

Each call does bounded work. `rrule.after()` walks every period from DTSTART, which is fine for
a series a few years old but not for a question centuries ahead; and dateutil checks UNTIL only
when a date matches, so a pattern that never matches again is walked to year 9999 whatever the
bounds (seconds for a DAILY rule). One fact bounds every walk: the Gregorian calendar repeats
every 400 years (146,097 days = 20,871 weeks = 4,800 months), so a rule's occurrences repeat
every lcm(INTERVAL, that cycle) periods, and any whole cycle holds the same number of them.

- Whether the rule occurs at all is checked over a whole cycle, placed just before year 9999
  so that dateutil's own end stops the walk (once per rule and start: it is cached). After
  that, every walk meets a match at least once a cycle.
- Without COUNT, occurrences before `after` do not matter, so DTSTART moves to the period
  holding `after`, keeping the INTERVAL alignment; the values dateutil would take from DTSTART
  (time of day, default weekday, day and month) are passed explicitly from the real start.
- With COUNT, whole cycles before `after` are skipped by counting the occurrences of the first.

Every series ends with the core's calendar range (`calendar_range.LAST_DAY`, 9998-12-31): an
occurrence after it is no occurrence, so a due is never moved out of the range.

The worst cases, sparse DAILY rules such as "every Monday that is 29 February", asked about
centuries after their start, walk a few hundred thousand days: under half a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from math import lcm
from typing import Final, Literal

from dateutil.rrule import DAILY, MO, MONTHLY, WEEKLY, YEARLY, rrule, weekday, weekdays

from todo_core.domain.calendar_range import LAST_DAY
from todo_core.errors import ValidationFailed
from todo_core.ports.recurrence_rule import (
    MAX_COUNT,
    MAX_INTERVAL,
    MAX_RULE_LENGTH,
    RecurrenceRule,
)

__all__ = ["DateutilRecurrenceRule"]

_FIELD: Final = "recurrence"
_PART_ORDER: Final = ("FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "COUNT", "UNTIL")
_FREQUENCIES: Final[dict[str, Literal[0, 1, 2, 3]]] = {
    "DAILY": DAILY,
    "WEEKLY": WEEKLY,
    "MONTHLY": MONTHLY,
    "YEARLY": YEARLY,
}
# Periods of each frequency in 400 Gregorian years, after which the calendar repeats exactly.
_CALENDAR_CYCLE: Final = {"DAILY": 146_097, "WEEKLY": 20_871, "MONTHLY": 4_800, "YEARLY": 400}
_WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_LONGEST_MONTH: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ONE_SECOND: Final = timedelta(seconds=1)

_NUMBER = re.compile(r"[+-]?[0-9]{1,4}")
_BY_DAY = re.compile(r"(?P<ordinal>[+-]?[0-9]{1,2})?(?P<day>MO|TU|WE|TH|FR|SA|SU)")
_UNTIL = re.compile(r"(?P<date>[0-9]{8})(?:T(?P<time>[0-9]{6})Z?)?")

# (weekday with Monday as 0, ordinal or None for every such weekday)
_Day = tuple[int, int | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    text: str
    frequency: str
    interval: int
    months: tuple[int, ...]
    month_days: tuple[int, ...]
    days: tuple[_Day, ...]
    count: int | None
    # The latest wall-clock time an occurrence may have: UNTIL, or the end of an UNTIL date.
    until: datetime | None


class DateutilRecurrenceRule(RecurrenceRule):
    def normalise(self, rule: str) -> str:
        return _parse(rule).text

    def next_occurrence(self, rule: str, *, start: datetime, after: datetime) -> datetime | None:
        for name, moment in (("start", start), ("after", after)):
            if moment.tzinfo is not None:
                raise ValueError(f"{name} must be a naive wall-clock datetime, got {moment!r}")
        parsed = _parse(rule)
        # dateutil drops them from DTSTART too; doing it first keeps the cycle arithmetic exact.
        start = start.replace(microsecond=0)
        if after.date() > LAST_DAY or not _ever_occurs(parsed, start):
            return None
        if parsed.count is None:
            found = _next_without_count(parsed, start, after)
        else:
            found = _next_with_count(parsed, start, after, parsed.count)
        # The series ends with the calendar range: a due is never moved past its last day.
        return found if found is not None and found.date() <= LAST_DAY else None


# Parsing -----------------------------------------------------------------------------------


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(message, field=_FIELD)


# Keyed on the text as given, which is the canonical text for every rule the core has stored.
@lru_cache(maxsize=512)
def _parse(rule: str) -> _Rule:
    parts = _split(rule)
    frequency = parts.get("FREQ")
    if frequency is None:
        raise _invalid("FREQ is required, e.g. FREQ=WEEKLY")
    if frequency not in _FREQUENCIES:
        raise _invalid(f"FREQ={frequency} is not supported: use DAILY, WEEKLY, MONTHLY or YEARLY")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _invalid("COUNT and UNTIL cannot be used together")
    if "BYMONTHDAY" in parts and frequency == "WEEKLY":
        raise _invalid("BYMONTHDAY cannot be used with FREQ=WEEKLY")
    months = _numbers(parts, "BYMONTH", 1, 12)
    month_days = _numbers(parts, "BYMONTHDAY", -31, 31)
    if 0 in month_days:
        raise _invalid("BYMONTHDAY must be 1 to 31 or -31 to -1, not 0")
    if months and month_days and not _can_meet(months, month_days):
        raise _invalid(f"BYMONTHDAY={_joined(month_days)} never falls in BYMONTH={_joined(months)}")
    days = _by_day(parts.get("BYDAY"), frequency, has_months=bool(months))
    interval = _number("INTERVAL", parts.get("INTERVAL", "1"), 1, MAX_INTERVAL)
    count = _number("COUNT", parts["COUNT"], 1, MAX_COUNT) if "COUNT" in parts else None
    until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
    text = ";".join(
        f"{name}={value}"
        for name, value in (
            ("FREQ", frequency),
            ("INTERVAL", "" if interval == 1 else str(interval)),
            ("BYMONTH", _joined(months)),
            ("BYMONTHDAY", _joined(month_days)),
            ("BYDAY", ",".join(_day_text(day) for day in days)),
            ("COUNT", "" if count is None else str(count)),
            ("UNTIL", parts.get("UNTIL", "")),
        )
        if value
    )
    return _Rule(text, frequency, interval, months, month_days, days, count, until)


def _split(rule: str) -> dict[str, str]:
    """The NAME=VALUE parts, upper-cased, each checked to be a supported name given once."""
    if len(rule) > MAX_RULE_LENGTH:
        raise _invalid(f"recurrence rule must be at most {MAX_RULE_LENGTH} characters")
    text = rule.strip()
    if not text.isascii():
        raise _invalid("recurrence rule must be plain ASCII")
    text = text.upper().removeprefix("RRULE:")
    if not text:
        raise _invalid("recurrence rule must not be empty")
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        if not (name and equals and value):
            raise _invalid(f"malformed part {part!r}: expected NAME=VALUE")
        if name not in _PART_ORDER:
            raise _invalid(f"{name!r} is not supported: use only {', '.join(_PART_ORDER)}")
        if name in parts:
            raise _invalid(f"{name} is given more than once")
        parts[name] = value
    return parts


def _number(name: str, raw: str, low: int, high: int) -> int:
    # A sign is only meaningful (and only accepted) where negative values are.
    signed = low < 0
    if _NUMBER.fullmatch(raw) and (signed or raw[0] not in "+-") and low <= int(raw) <= high:
        return int(raw)
    raise _invalid(f"{name} must be a whole number from {low} to {high}, not {raw!r}")


def _numbers(parts: dict[str, str], name: str, low: int, high: int) -> tuple[int, ...]:
    if name not in parts:
        return ()
    return tuple(sorted({_number(name, item, low, high) for item in _items(name, parts[name])}))


def _items(name: str, raw: str) -> list[str]:
    items = raw.split(",")
    if "" in items:
        raise _invalid(f"{name} has an empty item in {raw!r}")
    return items


def _can_meet(months: tuple[int, ...], month_days: tuple[int, ...]) -> bool:
    return any(abs(day) <= _LONGEST_MONTH[month - 1] for month in months for day in month_days)


def _by_day(raw: str | None, frequency: str, *, has_months: bool) -> tuple[_Day, ...]:
    if raw is None:
        return ()
    # RFC 5545: an ordinal counts within the month for MONTHLY, and for YEARLY with BYMONTH.
    limit = 53 if frequency == "YEARLY" and not has_months else 5
    days: set[_Day] = set()
    for item in _items("BYDAY", raw):
        match = _BY_DAY.fullmatch(item)
        if match is None:
            raise _invalid(f"BYDAY item {item!r} is not a weekday like MO, 2TU or -1FR")
        ordinal = None if match["ordinal"] is None else int(match["ordinal"])
        if ordinal is not None and frequency not in ("MONTHLY", "YEARLY"):
            raise _invalid(f"BYDAY={item}: a numbered weekday needs FREQ=MONTHLY or YEARLY")
        if ordinal is not None and not 1 <= abs(ordinal) <= limit:
            raise _invalid(f"BYDAY={item}: the number must be 1 to {limit} or -{limit} to -1")
        days.add((_WEEKDAYS.index(match["day"]), ordinal))
    return tuple(sorted(days, key=lambda day: (day[0], day[1] is not None, day[1] or 0)))


def _day_text(day: _Day) -> str:
    weekday_index, ordinal = day
    return ("" if ordinal is None else str(ordinal)) + _WEEKDAYS[weekday_index]


def _until(raw: str) -> datetime:
    match = _UNTIL.fullmatch(raw)
    try:
        if match is None:
            raise ValueError(raw)
        digits, clock = match["date"], match["time"]
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if clock is None:
            # A whole day: every occurrence on it counts, whatever the start's time of day.
            return datetime.combine(day, time.max)
        return datetime.combine(day, time(int(clock[:2]), int(clock[2:4]), int(clock[4:])))
    except ValueError:
        raise _invalid(
            f"UNTIL must be a date YYYYMMDD or a date-time YYYYMMDDTHHMMSS[Z], not {raw!r}"
        ) from None


def _joined(numbers: tuple[int, ...]) -> str:
    return ",".join(str(number) for number in numbers)


# Expansion ---------------------------------------------------------------------------------


# Cached because the domain asks again for the same series each time an occurrence is done.
@lru_cache(maxsize=512)
def _ever_occurs(rule: _Rule, start: datetime) -> bool:
    """Whether the rule, ignoring COUNT and UNTIL, has any occurrence at all from `start`."""
    cycle = _cycle(rule)
    last_period = _period(rule.frequency, date.max)
    # The last whole cycle before year 10000; if not even one fits, the walk is short anyway.
    cycles = max((last_period - _period(rule.frequency, start)) // cycle - 1, 0)
    while cycles > 0 and _shift_cycles(rule.frequency, start, (cycles + 1) * cycle) is None:
        cycles -= 1
    probe_start = _shift_cycles(rule.frequency, start, cycles * cycle) or start
    probe = _expand(rule, start, dtstart=probe_start, until=None)
    return next(iter(probe), None) is not None


def _next_without_count(rule: _Rule, start: datetime, after: datetime) -> datetime | None:
    dtstart = start
    if after > start:
        first = _period(rule.frequency, start)
        skipped = (_period(rule.frequency, after) - first) // rule.interval * rule.interval
        if skipped > 0:
            dtstart = _period_start(rule.frequency, first + skipped)
    return _expand(rule, start, dtstart=dtstart, until=rule.until).after(after)


def _next_with_count(rule: _Rule, start: datetime, after: datetime, count: int) -> datetime | None:
    dtstart, remaining = _skip_cycles(rule, start, after, count)
    expansion = _expand(rule, start, dtstart=dtstart, until=None)
    # islice stops dateutil at the last counted occurrence instead of searching past it.
    return next((found for found in islice(expansion, remaining) if found > after), None)


def _skip_cycles(rule: _Rule, start: datetime, after: datetime, count: int) -> tuple[datetime, int]:
    """A later DTSTART and a smaller COUNT that leave the occurrences after `after` unchanged.

    Only whole cycles that end by `after` are skipped, so under two cycles are left to walk, or
    one when the COUNT runs out first. A remaining count of 0 means no occurrence is left.
    """
    cycle = _cycle(rule)
    cycles = (_period(rule.frequency, after) - _period(rule.frequency, start)) // cycle
    while cycles > 0 and not _no_later(_shift_cycles(rule.frequency, start, cycles * cycle), after):
        cycles -= 1
    first_end = _shift_cycles(rule.frequency, start, cycle)
    if cycles <= 0 or first_end is None:
        return start, count
    first_cycle = _expand(rule, start, dtstart=start, until=first_end - _ONE_SECOND)
    per_cycle = sum(1 for _ in islice(first_cycle, count))
    if per_cycle in (0, count):
        # Never occurs, or the whole COUNT is used up in the first cycle, before `after`.
        return start, 0
    cycles = min(cycles, (count - 1) // per_cycle)
    moved = _shift_cycles(rule.frequency, start, cycles * cycle)
    if moved is None:  # cannot happen, as it is no later than `after`; keeps the types honest
        return start, count
    return moved, count - cycles * per_cycle


def _no_later(moment: datetime | None, bound: datetime) -> bool:
    return moment is not None and moment <= bound


def _expand(rule: _Rule, start: datetime, *, dtstart: datetime, until: datetime | None) -> rrule:
    """The rule's occurrences from `dtstart`, with what the rule leaves out taken from `start`.

    dateutil would take those values from DTSTART; giving them explicitly lets DTSTART move
    ahead by whole periods without changing the series.
    """
    months, month_days = rule.months, rule.month_days
    by_weekday = _dateutil_weekdays(rule)
    if not month_days and not by_weekday:
        if rule.frequency == "WEEKLY":
            by_weekday = [weekdays[start.weekday()]]
        elif rule.frequency == "MONTHLY":
            month_days = (start.day,)
        elif rule.frequency == "YEARLY":
            months, month_days = months or (start.month,), (start.day,)
    return rrule(
        _FREQUENCIES[rule.frequency],
        dtstart=dtstart,
        interval=rule.interval,
        wkst=MO,
        until=until,
        bymonth=months or None,
        bymonthday=month_days or None,
        byweekday=by_weekday or None,
        byhour=start.hour,
        byminute=start.minute,
        bysecond=start.second,
    )


def _dateutil_weekdays(rule: _Rule) -> list[weekday]:
    """BYDAY for dateutil, which intersects plain and numbered weekdays where RFC 5545 unites.

    dateutil finds nothing for BYDAY=MO,-1WE (every Monday and the last Wednesday), as it keeps
    only days that are both. When numbers are present, a plain weekday is therefore spelled as
    every numbered one: MO is 1MO to 5MO in a month, 1MO to 53MO in a year.
    """
    if all(ordinal is None for _, ordinal in rule.days):
        return [weekdays[day] for day, _ in rule.days]
    most = 53 if rule.frequency == "YEARLY" and not rule.months else 5
    spelled: list[weekday] = []
    for day, ordinal in rule.days:
        nths = range(1, most + 1) if ordinal is None else (ordinal,)
        spelled.extend(weekdays[day](nth) for nth in nths)
    return spelled


def _cycle(rule: _Rule) -> int:
    """Periods after which the rule's occurrences repeat exactly."""
    return lcm(rule.interval, _CALENDAR_CYCLE[rule.frequency])


def _period(frequency: str, moment: date) -> int:
    """The number of the day, week (from Monday), month or year holding `moment`."""
    if frequency == "DAILY":
        return moment.toordinal()
    if frequency == "WEEKLY":
        # Day 1, 1 January of year 1, was a Monday.
        return (moment.toordinal() - 1) // 7
    if frequency == "MONTHLY":
        return moment.year * 12 + moment.month - 1
    return moment.year


def _period_start(frequency: str, period: int) -> datetime:
    """Midnight at the start of a period numbered by `_period`."""
    if frequency == "DAILY":
        day = date.fromordinal(period)
    elif frequency == "WEEKLY":
        day = date.fromordinal(period * 7 + 1)
    elif frequency == "MONTHLY":
        day = date(period // 12, period % 12 + 1, 1)
    else:
        day = date(period, 1, 1)
    return datetime.combine(day, time())


def _shift_cycles(frequency: str, moment: datetime, periods: int) -> datetime | None:
    """`moment` moved on by `periods`, a whole number of cycles; None past year 9999."""
    try:
        if frequency == "DAILY":
            return moment + timedelta(days=periods)
        if frequency == "WEEKLY":
            return moment + timedelta(weeks=periods)
        # Whole cycles are whole multiples of 400 years: month, day and leap days stay put.
        years = periods // 12 if frequency == "MONTHLY" else periods
        return moment.replace(year=moment.year + years)
    except (ValueError, OverflowError):
        return None
