"""A field left out of a PATCH body (msgspec's `UNSET`) is a field the core leaves alone."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from todo_core.use_cases import UNSET, Unset

__all__ = ["unless_unset"]

T = TypeVar("T")


def unless_unset(value: T | msgspec.UnsetType) -> T | Unset:
    return UNSET if isinstance(value, msgspec.UnsetType) else value
