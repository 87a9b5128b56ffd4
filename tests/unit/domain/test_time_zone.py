from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from todo_core.domain.time_zone import MAX_TIME_ZONE_LENGTH, UTC_ZONE, TimeZoneName
from todo_core.errors import ValidationFailed


def test_an_iana_name_is_accepted_and_gives_its_zone() -> None:
    assert TimeZoneName("Europe/Berlin").zone == ZoneInfo("Europe/Berlin")
    assert UTC_ZONE.value == "UTC"


def test_parse_forgives_surrounding_whitespace() -> None:
    assert TimeZoneName.parse(" Asia/Tokyo\n") == TimeZoneName("Asia/Tokyo")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "Mars/Olympus",
        "europe/berlin",  # IANA names are case-sensitive
        "Europe",  # a directory of the zone database, not a zone
        "Europe/",
        "../../etc/passwd",
        "/etc/localtime",
        "UTC\x00",
        "x" * (MAX_TIME_ZONE_LENGTH + 1),
        "x" * 300,  # longer than a file name may be
    ],
)
def test_anything_but_a_zone_name_is_refused_as_invalid_input(raw: str) -> None:
    with pytest.raises(ValidationFailed, match="unknown time zone") as error:
        TimeZoneName(raw)
    assert error.value.field == "timezone"
