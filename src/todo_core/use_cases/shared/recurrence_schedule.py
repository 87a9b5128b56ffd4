"""Turning recurrence input into the model, and finding a recurring todo's next due.

Rules are parsed and expanded by the RecurrenceRule port on naive wall-clock times in the
todo's own time zone, so "every day at 09:00" stays at 09:00 across daylight-saving changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from todo_core.domain.calendar_range import check_dates, in_range
from todo_core.domain.due import Due, DueDateTime
from todo_core.domain.recurrence import Recurrence, RecurrenceMode
from todo_core.domain.time_zone import TimeZoneName
from todo_core.errors import ValidationFailed
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.use_cases.shared.todo_inputs import RecurrenceInput

__all__ = ["build_recurrence", "next_occurrence"]


def build_recurrence(
    given: RecurrenceInput, due: Due | None, rules: RecurrenceRule | None
) -> Recurrence:
    if rules is None:
        raise ValidationFailed("recurring todos are not supported here", field="recurrence")
    try:
        mode = RecurrenceMode(given.mode)
    except ValueError as exc:
        raise ValidationFailed("mode must be 'due' or 'completion'", field="recurrence") from exc
    if due is None:
        raise ValidationFailed("a recurring todo needs a due", field="recurrence")
    # The series starts at the due's wall-clock time, which only a due in range has.
    check_dates(due)
    return Recurrence(rule=rules.normalise(given.rule), mode=mode, series_start=due.wall_time())


def next_occurrence(
    recurrence: Recurrence,
    due: Due,
    *,
    now: datetime,
    owner_zone: TimeZoneName,
    rules: RecurrenceRule,
) -> datetime | None:
    """The wall-clock time of the next due, or None when the rule has run out, which it does
    at the end of the calendar range whatever the port answers."""
    found = _next(recurrence, due, now=now, owner_zone=owner_zone, rules=rules)
    return found if found is not None and in_range(found) else None


def _next(
    recurrence: Recurrence,
    due: Due,
    *,
    now: datetime,
    owner_zone: TimeZoneName,
    rules: RecurrenceRule,
) -> datetime | None:
    if recurrence.mode is RecurrenceMode.DUE:
        return rules.next_occurrence(
            recurrence.rule, start=recurrence.series_start, after=due.wall_time()
        )
    # From completion: the same time of day, counted from the day it was done, in the due's
    # zone. COUNT still limits the series: it counts completed occurrences, not dates.
    zone = due.time_zone if isinstance(due, DueDateTime) else owner_zone
    done_on = now.astimezone(zone.zone).date()
    start = datetime.combine(done_on, due.wall_time().time())
    if _series_exhausted(recurrence, rules):
        return None
    return rules.next_occurrence(recurrence.rule, start=start, after=start)


def _series_exhausted(recurrence: Recurrence, rules: RecurrenceRule) -> bool:
    start = recurrence.series_start
    # The series' first occurrence: its start only if the start matches the rule (a Tuesday
    # start of a Mondays-only rule is not counted by COUNT).
    occurrence = rules.next_occurrence(
        recurrence.rule, start=start, after=start - timedelta(seconds=1)
    )
    # Walk the rule from there; the series is over when it has no occurrence left after the
    # ones already completed (COUNT or UNTIL reached).
    for _ in range(recurrence.completed_occurrences + 1):
        if occurrence is None:
            return True
        occurrence = rules.next_occurrence(
            recurrence.rule, start=recurrence.series_start, after=occurrence
        )
    return occurrence is None
