"""Each test's layer of the pyramid follows from its directory, so none can go unmarked."""

from __future__ import annotations

from pathlib import Path

import pytest

_TESTS = Path(__file__).parent
_LAYERS = ("unit", "integration", "e2e")

pytest_plugins = ["tests.support.databases"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = item.path.relative_to(_TESTS).parts[0]
        if layer not in _LAYERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live under one of {_LAYERS}")
        item.add_marker(getattr(pytest.mark, layer))
