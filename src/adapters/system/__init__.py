"""Adapters over the operating system: the wall clock and time-ordered ids."""

from adapters.system.clock import SystemClock
from adapters.system.uuid7_ids import Uuid7IdGenerator

__all__ = ["SystemClock", "Uuid7IdGenerator"]
