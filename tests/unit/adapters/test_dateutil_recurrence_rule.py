"""The dateutil recurrence adapter against worked examples of the RecurrenceRule contract."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.recurrence import DateutilRecurrenceRule
from todo_core.errors import ValidationFailed

RULES = DateutilRecurrenceRule()
SECOND = timedelta(seconds=1)


def at(text: str) -> datetime:
    """A naive wall-clock datetime, as the port takes and gives them."""
    return datetime.fromisoformat(text)


def walk(rule: str, start: datetime, *, limit: int = 20) -> list[datetime]:
    """The occurrences from `start` on, as a caller finds them: one after another."""
    found: list[datetime] = []
    after = start - SECOND
    while len(found) < limit:
        following = RULES.next_occurrence(rule, start=start, after=after)
        if following is None:
            break
        found.append(following)
        after = following
    return found


# Normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("FREQ=DAILY", "FREQ=DAILY"),
        ("rrule:freq=weekly;byday=we,mo;interval=2", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"),
        ("  RRULE:FREQ=DAILY;INTERVAL=1 ", "FREQ=DAILY"),
        ("FREQ=WEEKLY;INTERVAL=0002;UNTIL=20261231", "FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231"),
        ("FREQ=MONTHLY;BYDAY=+1MO,-1FR,MO,1MO", "FREQ=MONTHLY;BYDAY=MO,1MO,-1FR"),
        ("FREQ=MONTHLY;BYMONTHDAY=15,-1,1,15", "FREQ=MONTHLY;BYMONTHDAY=-1,1,15"),
        (
            "COUNT=3;BYMONTHDAY=29;BYMONTH=2;FREQ=YEARLY",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3",
        ),
        ("FREQ=YEARLY;BYMONTH=12,03,3;BYDAY=-05SU", "FREQ=YEARLY;BYMONTH=3,12;BYDAY=-5SU"),
        ("FREQ=DAILY;UNTIL=20261231t235959z", "FREQ=DAILY;UNTIL=20261231T235959Z"),
        ("FREQ=DAILY;UNTIL=20261231T235959", "FREQ=DAILY;UNTIL=20261231T235959"),
        ("FREQ=YEARLY;BYDAY=53MO,-53SU", "FREQ=YEARLY;BYDAY=53MO,-53SU"),
    ],
)
def test_normalise_gives_the_canonical_form(raw: str, canonical: str) -> None:
    assert RULES.normalise(raw) == canonical
    assert RULES.normalise(canonical) == canonical


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("RRULE:", "must not be empty"),
        ("FREQ=DAILY;" + "COUNT=1;" * 70, "at most 500 characters"),
        ("FREQ=DAİLY", "plain ASCII"),
        ("garbage", "malformed part 'GARBAGE'"),
        ("FREQ", "malformed part"),
        ("FREQ=", "malformed part"),
        ("=DAILY", "malformed part"),
        ("FREQ=DAILY;", "malformed part ''"),
        ("FREQ=DAILY;;COUNT=2", "malformed part ''"),
        ("FREQ = DAILY", "'FREQ ' is not supported"),
        ("RRULE:RRULE:FREQ=DAILY", "'RRULE:FREQ' is not supported"),
        ("DTSTART:20260101T090000", "malformed part"),
        ("INTERVAL=2", "FREQ is required"),
        ("FREQ=HOURLY", "FREQ=HOURLY is not supported"),
        ("FREQ=MINUTELY", "FREQ=MINUTELY is not supported"),
        ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY is not supported"),
        ("FREQ=DAILY;BYHOUR=9", "'BYHOUR' is not supported"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", "'BYSETPOS' is not supported"),
        ("FREQ=WEEKLY;WKST=SU", "'WKST' is not supported"),
        ("FREQ=YEARLY;BYWEEKNO=20", "'BYWEEKNO' is not supported"),
        ("FREQ=YEARLY;BYYEARDAY=100", "'BYYEARDAY' is not supported"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given more than once"),
        ("FREQ=DAILY;COUNT=2;COUNT=3", "COUNT is given more than once"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20261231", "COUNT and UNTIL cannot be used together"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;INTERVAL=1001", "INTERVAL must be"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL must be"),
        ("FREQ=DAILY;INTERVAL=+2", "INTERVAL must be"),
        ("FREQ=DAILY;INTERVAL=1.5", "INTERVAL must be"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL must be"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;COUNT=1001", "COUNT must be"),
        ("FREQ=YEARLY;BYMONTH=0", "BYMONTH must be a whole number from 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH must be"),
        ("FREQ=YEARLY;BYMONTH=1,,2", "BYMONTH has an empty item"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must be 1 to 31 or -31 to -1, not 0"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must be a whole number from -31 to 31"),
        ("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY must be"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "BYMONTHDAY=30 never falls in BYMONTH=2"),
        ("FREQ=DAILY;BYMONTH=4,6;BYMONTHDAY=31,-31", "never falls in BYMONTH=4,6"),
        ("FREQ=WEEKLY;BYDAY=MONDAY", "BYDAY item 'MONDAY' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY item 'XX' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=MO,", "BYDAY has an empty item"),
        ("FREQ=WEEKLY;BYDAY=1MO", "a numbered weekday needs FREQ=MONTHLY or YEARLY"),
        ("FREQ=DAILY;BYDAY=-1FR", "a numbered weekday needs FREQ=MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYDAY=0MO", "the number must be 1 to 5 or -5 to -1"),
        ("FREQ=MONTHLY;BYDAY=6MO", "the number must be 1 to 5"),
        ("FREQ=YEARLY;BYMONTH=1;BYDAY=-6FR", "the number must be 1 to 5"),
        ("FREQ=YEARLY;BYDAY=54MO", "the number must be 1 to 53"),
        ("FREQ=DAILY;UNTIL=2026-12-31", "UNTIL must be a date YYYYMMDD"),
        ("FREQ=DAILY;UNTIL=20260230", "UNTIL must be"),
        ("FREQ=DAILY;UNTIL=20261231T240000", "UNTIL must be"),
        ("FREQ=DAILY;UNTIL=20261231T120000+0100", "UNTIL must be"),
        ("FREQ=DAILY;UNTIL=00001231", "UNTIL must be"),
    ],
)
def test_everything_outside_the_subset_is_refused(raw: str, message: str) -> None:
    with pytest.raises(ValidationFailed, match=re.escape(message)) as error:
        RULES.normalise(raw)
    assert error.value.field == "recurrence"


def test_length_is_counted_before_trimming() -> None:
    assert RULES.normalise(" " * 245 + "FREQ=DAILY" + " " * 245) == "FREQ=DAILY"
    with pytest.raises(ValidationFailed, match="at most 500 characters"):
        RULES.normalise(" " * 246 + "FREQ=DAILY" + " " * 245)


def test_next_occurrence_refuses_an_invalid_rule_the_same_way() -> None:
    with pytest.raises(ValidationFailed, match="FREQ=HOURLY") as error:
        RULES.next_occurrence("FREQ=HOURLY", start=at("2026-01-01T09:00"), after=at("2026-01-01"))
    assert error.value.field == "recurrence"


@pytest.mark.parametrize(
    ("start", "after"),
    [
        (datetime(2026, 1, 1, 9, tzinfo=UTC), at("2026-01-01T09:00")),
        (at("2026-01-01T09:00"), datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("Europe/Berlin"))),
    ],
)
def test_aware_datetimes_are_refused(start: datetime, after: datetime) -> None:
    with pytest.raises(ValueError, match="naive wall-clock"):
        RULES.next_occurrence("FREQ=DAILY", start=start, after=after)


# Next occurrence -------------------------------------------------------------------------


def test_daily_the_start_comes_first_then_one_a_day_at_its_time() -> None:
    start = at("2026-03-02T09:30")
    assert RULES.next_occurrence("FREQ=DAILY", start=start, after=at("2020-01-01")) == start
    assert RULES.next_occurrence("FREQ=DAILY", start=start, after=start - SECOND) == start
    assert RULES.next_occurrence("FREQ=DAILY", start=start, after=start) == at("2026-03-03T09:30")
    later = at("2026-03-10T12:00")
    assert RULES.next_occurrence("FREQ=DAILY", start=start, after=later) == at("2026-03-11T09:30")


def test_the_time_of_day_comes_from_the_start_without_its_microseconds() -> None:
    start = at("2026-03-02T09:30:15.750000")
    assert walk("FREQ=DAILY;COUNT=2", start) == [
        at("2026-03-02T09:30:15"),
        at("2026-03-03T09:30:15"),
    ]


def test_weekly_by_day() -> None:
    assert walk("FREQ=WEEKLY;BYDAY=FR,MO,WE", at("2026-03-02T09:00"), limit=5) == [
        at("2026-03-02T09:00"),
        at("2026-03-04T09:00"),
        at("2026-03-06T09:00"),
        at("2026-03-09T09:00"),
        at("2026-03-11T09:00"),
    ]


def test_weekly_without_by_day_repeats_the_weekday_of_the_start() -> None:
    assert walk("FREQ=WEEKLY", at("2026-03-05T18:00"), limit=3) == [
        at("2026-03-05T18:00"),
        at("2026-03-12T18:00"),
        at("2026-03-19T18:00"),
    ]


def test_a_start_that_does_not_match_the_rule_is_not_an_occurrence() -> None:
    sunday = at("2026-03-01T09:00")
    assert walk("FREQ=WEEKLY;BYDAY=MO;COUNT=2", sunday) == [
        at("2026-03-02T09:00"),
        at("2026-03-09T09:00"),
    ]


def test_monthly_on_the_31st_skips_the_shorter_months() -> None:
    assert walk("FREQ=MONTHLY;BYMONTHDAY=31", at("2026-01-31T08:00"), limit=7) == [
        at("2026-01-31T08:00"),
        at("2026-03-31T08:00"),
        at("2026-05-31T08:00"),
        at("2026-07-31T08:00"),
        at("2026-08-31T08:00"),
        at("2026-10-31T08:00"),
        at("2026-12-31T08:00"),
    ]
    # Without BYMONTHDAY the day comes from the start, with the same result.
    assert walk("FREQ=MONTHLY", at("2026-01-31T08:00"), limit=2)[1] == at("2026-03-31T08:00")


def test_monthly_last_day_and_last_friday() -> None:
    assert walk("FREQ=MONTHLY;BYMONTHDAY=-1", at("2026-01-01T12:00"), limit=3) == [
        at("2026-01-31T12:00"),
        at("2026-02-28T12:00"),
        at("2026-03-31T12:00"),
    ]
    assert walk("FREQ=MONTHLY;BYDAY=-1FR", at("2026-01-30T18:00"), limit=5) == [
        at("2026-01-30T18:00"),
        at("2026-02-27T18:00"),
        at("2026-03-27T18:00"),
        at("2026-04-24T18:00"),
        at("2026-05-29T18:00"),
    ]


def test_by_parts_narrow_each_other() -> None:
    fridays_13th = walk("FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", at("2026-01-01T09:00"), limit=4)
    assert fridays_13th == [
        at("2026-02-13T09:00"),
        at("2026-03-13T09:00"),
        at("2026-11-13T09:00"),
        at("2027-08-13T09:00"),
    ]


def test_yearly_ordinals_count_in_the_month_with_by_month_and_in_the_year_without() -> None:
    thanksgiving = walk("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", at("2026-01-01T12:00"), limit=2)
    assert thanksgiving == [at("2026-11-26T12:00"), at("2027-11-25T12:00")]
    first_monday = walk("FREQ=YEARLY;BYDAY=1MO", at("2026-01-01T12:00"), limit=2)
    assert first_monday == [at("2026-01-05T12:00"), at("2027-01-04T12:00")]


def test_yearly_on_29_february_falls_only_in_leap_years() -> None:
    assert walk("FREQ=YEARLY", at("2024-02-29T09:00"), limit=3) == [
        at("2024-02-29T09:00"),
        at("2028-02-29T09:00"),
        at("2032-02-29T09:00"),
    ]
    # 2100 is not a leap year.
    assert walk("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", at("2096-01-01T09:00"), limit=2) == [
        at("2096-02-29T09:00"),
        at("2104-02-29T09:00"),
    ]


def test_interval_counts_periods_from_the_start() -> None:
    assert walk("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", at("2026-03-02T09:00"), limit=5) == [
        at("2026-03-02T09:00"),
        at("2026-03-04T09:00"),
        at("2026-03-16T09:00"),
        at("2026-03-18T09:00"),
        at("2026-03-30T09:00"),
    ]
    assert walk("FREQ=MONTHLY;INTERVAL=3", at("2026-01-15T09:00"), limit=3) == [
        at("2026-01-15T09:00"),
        at("2026-04-15T09:00"),
        at("2026-07-15T09:00"),
    ]


def test_interval_alignment_holds_far_from_the_start() -> None:
    start = at("2026-01-01T07:00")
    found = RULES.next_occurrence("FREQ=DAILY;INTERVAL=3", start=start, after=at("2126-01-01"))
    assert found is not None
    assert (found - start).days % 3 == 0
    assert timedelta(0) < found - at("2126-01-01") <= timedelta(days=3)


def test_count_ends_the_series_after_the_last_occurrence() -> None:
    start = at("2026-03-02T09:00")
    occurrences = walk("FREQ=DAILY;COUNT=3", start)
    assert occurrences == [start, at("2026-03-03T09:00"), at("2026-03-04T09:00")]
    assert RULES.next_occurrence("FREQ=DAILY;COUNT=3", start=start, after=occurrences[-1]) is None
    assert RULES.next_occurrence("FREQ=DAILY;COUNT=3", start=start, after=at("2500-01-01")) is None


def test_until_is_inclusive() -> None:
    start = at("2026-03-02T09:00")
    rule = "FREQ=DAILY;UNTIL=20260304T090000"
    assert walk(rule, start) == [start, at("2026-03-03T09:00"), at("2026-03-04T09:00")]
    assert RULES.next_occurrence(rule, start=start, after=at("2026-03-04T09:00")) is None


def test_a_date_only_until_keeps_the_whole_day() -> None:
    assert walk("FREQ=DAILY;UNTIL=20260304", at("2026-03-02T23:30"))[-1] == at("2026-03-04T23:30")


def test_an_until_in_utc_is_read_as_wall_clock_time() -> None:
    # 08:30Z is 09:30 in Berlin in March, yet 09:00 on the 4th is already past the end.
    occurrences = walk("FREQ=DAILY;UNTIL=20260304T083000Z", at("2026-03-02T09:00"))
    assert occurrences == [at("2026-03-02T09:00"), at("2026-03-03T09:00")]


def test_an_until_before_the_start_leaves_nothing() -> None:
    assert walk("FREQ=DAILY;UNTIL=20250101", at("2026-03-02T09:00")) == []


# Bounded work: each of these walks centuries if dateutil is asked naively.


def test_an_answer_far_in_the_future_is_found_without_walking_there() -> None:
    start = at("2026-01-01T09:00")
    assert RULES.next_occurrence("FREQ=DAILY", start=start, after=at("9990-06-15T12:00")) == at(
        "9990-06-16T09:00"
    )
    weekly = RULES.next_occurrence(
        "FREQ=WEEKLY;BYDAY=SU;UNTIL=99991231", start=start, after=at("9000-01-01")
    )
    assert weekly == at("9000-01-05T09:00")  # 1 January 9000 is a Wednesday


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        # Every 7 days from a Tuesday never meets a Monday.
        ("FREQ=DAILY;INTERVAL=7;BYDAY=MO", "2026-03-03T09:00"),
        # Every 12 months from January never meets March.
        ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=3", "2026-01-15T09:00"),
        # The second Monday falls on the 8th to the 14th, never on the 1st.
        ("FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=2MO;COUNT=5", "2026-01-01T09:00"),
    ],
)
def test_a_pattern_that_never_occurs_has_no_next_occurrence(rule: str, start: str) -> None:
    assert RULES.next_occurrence(rule, start=at(start), after=at("2026-06-01")) is None


def test_every_series_ends_with_the_calendar_range_on_9998_12_31() -> None:
    start = at("2026-07-01T09:00")
    yearly = RULES.next_occurrence("FREQ=YEARLY", start=start, after=at("9997-12-31"))
    assert yearly == at("9998-07-01T09:00")
    assert RULES.next_occurrence("FREQ=YEARLY", start=start, after=yearly) is None
    daily = RULES.next_occurrence("FREQ=DAILY", start=start, after=at("9998-12-30T09:00"))
    assert daily == at("9998-12-31T09:00")
    assert RULES.next_occurrence("FREQ=DAILY", start=start, after=daily) is None
    # An UNTIL beyond the range, or a COUNT that would run past it, ends there all the same.
    assert RULES.next_occurrence("FREQ=DAILY;UNTIL=99991231", start=start, after=daily) is None
    late = at("9998-12-01T09:00")
    assert (
        RULES.next_occurrence("FREQ=WEEKLY;COUNT=10", start=late, after=at("9998-12-29T09:00"))
        is None
    )


def test_count_is_honoured_across_many_calendar_cycles() -> None:
    rule = "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;COUNT=1000"
    start = at("2026-01-01T09:00")
    leap_years = (year for year in range(start.year, 9999) if calendar.isleap(year))
    expected = [datetime.combine(date(year, 2, 29), start.time()) for year in leap_years][:1000]
    assert expected[-1].year > 6000
    for index in (0, 99, 500, 998):
        found = RULES.next_occurrence(rule, start=start, after=expected[index])
        assert found == expected[index + 1]
    assert RULES.next_occurrence(rule, start=start, after=expected[-1]) is None


def test_plain_and_numbered_weekdays_together_are_a_union() -> None:
    # Plain dateutil finds nothing here: it keeps only days both a Monday and the last Wednesday.
    assert walk("FREQ=MONTHLY;BYDAY=MO,-1WE", at("2026-03-01T09:00"), limit=6) == [
        at("2026-03-02T09:00"),
        at("2026-03-09T09:00"),
        at("2026-03-16T09:00"),
        at("2026-03-23T09:00"),
        at("2026-03-25T09:00"),
        at("2026-03-30T09:00"),
    ]
