"""Recurrence rules expanded by python-dateutil."""

from adapters.recurrence.dateutil_rrule import DateutilRecurrenceRule

__all__ = ["DateutilRecurrenceRule"]
