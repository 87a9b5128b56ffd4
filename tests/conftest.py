"""Each test's layer of the pyramid follows from its directory, so none can go unmarked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples on every run, so a red build always means a real regression
# that reproduces; developers' runs stay random and keep finding new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

_TESTS = Path(__file__).parent
_LAYERS = ("unit", "integration", "e2e")

pytest_plugins = ["tests.support.databases", "tests.support.kafka", "tests.support.smtp_server"]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """`pytest -m unit` (or another single layer) does not even import the other layers."""
    selected = config.getoption("markexpr")
    if selected not in _LAYERS:
        return None
    try:
        layer = collection_path.relative_to(_TESTS).parts[0]
    except (ValueError, IndexError):
        return None
    return True if layer in _LAYERS and layer != selected else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = item.path.relative_to(_TESTS).parts[0]
        if layer not in _LAYERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live under one of {_LAYERS}")
        item.add_marker(getattr(pytest.mark, layer))
