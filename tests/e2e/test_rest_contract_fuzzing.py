"""Schemathesis over the whole REST contract: the real app, built by the real container, on a
real migrated PostgreSQL database.

Every operation is called with data that fits the schema and with data that does not, and
then in chains that follow the documented links (create, then read, change, trash...). Every
answer must be documented: its status, content type, headers and body. No answer may be a
server error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any
from uuid import uuid4

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.specs.openapi.schemas import OpenApiSchema

from entrypoints.container import build_container
from entrypoints.http import create_api_app
from entrypoints.settings import Settings

SCHEMA_PATH = "/schema/openapi.json"
# Per operation and generation phase: enough to reach every documented answer, small enough
# to keep the suite's time budget.
MAX_EXAMPLES = 20
STATEFUL_STEPS = 12
STATEFUL_SCENARIOS = 30


def authentication() -> dict[str, dict[str, str]]:
    """How the fuzzer authenticates, by security scheme of the schema: one acting user."""
    return {"userId": {"api_key": str(uuid4())}}


def _config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                # CI explores the same cases on every run (as tests/conftest.py does).
                "deterministic": bool(os.environ.get("CI")),
            },
            "phases": {"stateful": {"max-steps": STATEFUL_STEPS}},
            "auth": {"openapi": authentication()},
        }
    )


@pytest.fixture(scope="module")
def contract_database(postgres_database: Callable[[], str]) -> str:
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - as tests.support.databases

    url = postgres_database()
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def api_schema(contract_database: str) -> Iterator[OpenApiSchema]:
    app = create_api_app(build_container(Settings(database_url=contract_database)))
    yield schemathesis.openapi.from_asgi(SCHEMA_PATH, app, config=_config())
    # The app's lifespan (and its connection pool) runs on schemathesis's own event loop.
    from schemathesis.python.asgi import shutdown_lifespans  # noqa: PLC0415

    shutdown_lifespans()


CASES: dict[str, int] = {}
schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_every_operation_answers_as_documented(case: schemathesis.Case) -> None:
    case.call_and_validate()
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1


def test_chains_of_operations_answer_as_documented(api_schema: OpenApiSchema) -> None:
    machine: Any = api_schema.as_state_machine()
    steps = 0

    class CountingMachine(machine):  # type: ignore[misc, valid-type]
        def after_call(self, response: Any, case: schemathesis.Case) -> None:
            nonlocal steps
            steps += 1
            super().after_call(response, case)

    CountingMachine.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            derandomize=bool(os.environ.get("CI")),
        )
    )
    print(f"schemathesis stateful: {steps} calls in {STATEFUL_SCENARIOS} scenarios")  # noqa: T201
