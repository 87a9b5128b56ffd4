"""A field left out of a PATCH body (msgspec's `UNSET`) is a field the core leaves alone."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from todo_core.use_cases import UNSET, Unset

__all__ = ["or_none", "unless_unset"]

T = TypeVar("T")


def unless_unset(value: T | msgspec.UnsetType) -> T | Unset:
    return UNSET if isinstance(value, msgspec.UnsetType) else value


def or_none(value: T | msgspec.UnsetType) -> T | None:
    """For commands whose None means "leave it as it is"."""
    return None if isinstance(value, msgspec.UnsetType) else value
