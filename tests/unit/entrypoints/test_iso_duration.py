"""The strict ISO 8601 duration parser behind reminder leads, and its canonical rendering."""

from __future__ import annotations

from datetime import timedelta

import pytest

from entrypoints.http.iso_duration import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT30M", timedelta(minutes=30)),
        ("P1D", timedelta(days=1)),
        ("PT1H30M", timedelta(hours=1, minutes=30)),
        ("PT1H30S", timedelta(hours=1, seconds=30)),
        ("P1DT2H3M4S", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        ("P2W", timedelta(weeks=2)),
        ("PT90M", timedelta(minutes=90)),
        ("PT0S", timedelta(0)),
        ("P0D", timedelta(0)),
        ("PT86400S", timedelta(days=1)),
    ],
)
def test_fixed_length_durations_are_read(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("P1Y", "years and months"),
        ("P1M", "years and months"),
        ("P1Y2M3D", "years and months"),
        ("-PT30M", "negative"),
        ("-P1D", "negative"),
        ("PT0.5H", "whole numbers"),
        ("PT1,5H", "whole numbers"),
        ("P1.5D", "whole numbers"),
        ("P", "not an ISO 8601 duration"),
        ("PT", "not an ISO 8601 duration"),
        ("P1DT", "not an ISO 8601 duration"),
        ("", "not an ISO 8601 duration"),
        ("pt30m", "not an ISO 8601 duration"),
        ("30M", "not an ISO 8601 duration"),
        ("+PT30M", "not an ISO 8601 duration"),
        (" PT30M", "not an ISO 8601 duration"),
        ("PT30M ", "not an ISO 8601 duration"),
        ("PT30S30M", "not an ISO 8601 duration"),
        ("P1W2D", "not an ISO 8601 duration"),
        ("PT\u0661H", "not an ISO 8601 duration"),  # an Arabic-Indic digit one
        ("PT1234567890S", "not an ISO 8601 duration"),
        ("P999999999W", "too long"),
        ("P999999999DT999999999H", "too long"),
    ],
)
def test_anything_else_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(text)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(0), "PT0S"),
        (timedelta(minutes=30), "PT30M"),
        (timedelta(minutes=90), "PT1H30M"),
        (timedelta(days=7), "P7D"),
        (timedelta(days=1, seconds=1), "P1DT1S"),
        (timedelta(days=2, hours=3), "P2DT3H"),
        (timedelta(days=365), "P365D"),
    ],
)
def test_durations_are_written_in_one_canonical_form(duration: timedelta, text: str) -> None:
    assert format_duration(duration) == text


@pytest.mark.parametrize(
    "text", ["PT30M", "P1W", "PT90M", "P1DT2H3M4S", "PT0S", "P0D", "PT3600S", "P365D"]
)
def test_the_canonical_form_reads_back_as_the_same_duration(text: str) -> None:
    duration = parse_duration(text)
    canonical = format_duration(duration)
    assert parse_duration(canonical) == duration
    assert format_duration(parse_duration(canonical)) == canonical


@pytest.mark.parametrize("duration", [timedelta(seconds=-1), timedelta(milliseconds=1500)])
def test_only_whole_non_negative_durations_can_be_written(duration: timedelta) -> None:
    with pytest.raises(ValueError, match="whole-second"):
        format_duration(duration)
