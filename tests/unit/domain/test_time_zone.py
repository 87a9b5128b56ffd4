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


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("localtime", "the host's own setting"),
        ("posixrules", "a file of the zone database"),
        ("Factory", "a placeholder of the zone database"),
        ("right/UTC", "a variant copy"),
        ("posix/Europe/Berlin", "a variant copy"),
    ],
)
def test_host_files_of_the_zone_database_are_refused_saying_why(raw: str, why: str) -> None:
    with pytest.raises(ValidationFailed, match="not an IANA time zone name") as error:
        TimeZoneName.parse(raw)
    assert why in error.value.message
    assert error.value.field == "timezone"


@pytest.mark.parametrize("name", ["UTC", "Etc/GMT+12", "America/Argentina/Buenos_Aires", "GMT"])
def test_every_name_the_zone_database_lists_is_accepted(name: str) -> None:
    assert TimeZoneName.parse(name).value == name


def test_a_stored_name_the_rules_now_refuse_still_loads() -> None:
    # Accounts made before the rule keep working; only new input is held to it.
    assert TimeZoneName("Factory").value == "Factory"
