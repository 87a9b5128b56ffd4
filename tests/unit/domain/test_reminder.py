"""Reminder value objects: what a reminder spec accepts and how a reminder re-arms when moved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.domain.todo_factory import NOW, reminder_id, wall
from todo_core.domain.reminder import (
    MAX_REMINDER_LEAD,
    AbsoluteReminder,
    RelativeReminder,
    Reminder,
    ReminderStatus,
)
from todo_core.errors import ValidationFailed


def test_a_reminder_at_a_time_without_utc_offset_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="UTC offset") as refused:
        AbsoluteReminder(wall(2026, 3, 20, 9))
    assert refused.value.field == "reminders"


@pytest.mark.parametrize("lead", [timedelta(0), timedelta(minutes=5), MAX_REMINDER_LEAD])
def test_a_reminder_may_lead_the_due_by_zero_up_to_365_days(lead: timedelta) -> None:
    assert RelativeReminder(lead).before_due == lead


@pytest.mark.parametrize(
    "lead", [timedelta(seconds=-1), timedelta(days=365, seconds=1), timedelta(days=-365)]
)
def test_a_reminder_after_the_due_or_over_a_year_ahead_is_refused(lead: timedelta) -> None:
    with pytest.raises(ValidationFailed, match="between 0 and 365 days") as refused:
        RelativeReminder(lead)
    assert refused.value.field == "reminders"


def _reminder(status: ReminderStatus) -> Reminder:
    return Reminder(
        id=reminder_id(1),
        spec=RelativeReminder(timedelta(hours=1)),
        fire_at=NOW - timedelta(days=1),
        status=status,
    )


@pytest.mark.parametrize("status", list(ReminderStatus))
def test_a_reminder_moved_ahead_of_now_is_pending_again(status: ReminderStatus) -> None:
    later = NOW + timedelta(seconds=1)
    moved = _reminder(status).moved(later, now=NOW)
    assert (moved.id, moved.fire_at, moved.status) == (reminder_id(1), later, "pending")


@pytest.mark.parametrize("fire_at", [NOW, NOW - timedelta(hours=3)])
def test_a_reminder_moved_to_now_or_earlier_is_cancelled_not_fired(fire_at: datetime) -> None:
    moved = _reminder(ReminderStatus.PENDING).moved(fire_at, now=NOW)
    assert (moved.fire_at, moved.status) == (fire_at, ReminderStatus.CANCELLED)


def test_changing_a_reminder_status_keeps_what_and_when() -> None:
    fired = _reminder(ReminderStatus.PENDING).with_status(ReminderStatus.FIRED)
    assert fired == Reminder(
        id=reminder_id(1),
        spec=RelativeReminder(timedelta(hours=1)),
        fire_at=datetime(2026, 3, 9, 12, tzinfo=UTC),
        status=ReminderStatus.FIRED,
    )
