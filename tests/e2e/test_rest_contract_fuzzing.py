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
from hypothesis.errors import Flaky, FlakyStrategyDefinition
from litestar import Litestar
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.stateful.state_machine import DEFAULT_STATE_MACHINE_SETTINGS
from schemathesis.python.asgi import shutdown_lifespans
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
# Runs of the state machine at most, should Hypothesis stop one early (see the stateful test).
STATEFUL_SUITES = 5


# Answers Schemathesis expects to schema-valid data, by default.
ACCEPTED_BY_DEFAULT = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")
# Where a request that fits the schema can still rightly be refused:
# - 422 where the model checks more than any JSON Schema states (a signed cursor, an IANA
#   zone, an RFC 5545 rule, a blank title);
# - 412 where `If-Match` may name a stale version.
ALSO_ACCEPTED = {
    "createTodo": ("422",),
    "listTodos": ("422",),
    "listTrash": ("422",),
    "updateTodo": ("412", "422"),
    "trashTodo": ("412",),
    "completeTodo": ("412",),
    "reopenTodo": ("412",),
    "createList": ("422",),
    "listLists": ("422",),
    "updateList": ("412", "422"),
    "deleteList": ("412",),
    "createLabel": ("422",),
    "updateLabel": ("412", "422"),
    "deleteLabel": ("412",),
}
# Schemathesis's default for `negative_data_rejection`, and 413: a body over the size limit
# is refused before it is read, whatever it holds.
REJECTED = (
    "400",
    "401",
    "403",
    "404",
    "405",
    "406",
    "409",
    "413",
    "415",
    "422",
    "428",
    "429",
    "5xx",
)


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
            "checks": {"negative_data_rejection": {"expected-statuses": list(REJECTED)}},
            "operations": [
                {
                    "include-operation-id": operation_id,
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": [*ACCEPTED_BY_DEFAULT, *statuses]
                        }
                    },
                }
                for operation_id, statuses in ALSO_ACCEPTED.items()
            ],
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
def api_app(contract_database: str) -> Iterator[Litestar]:
    yield create_api_app(build_container(Settings(database_url=contract_database)))
    # Apps run their lifespan (and so their connection pools) on schemathesis's event loop.
    shutdown_lifespans()


_NO_DATABASE = "sqlite+aiosqlite:///:memory:"


def _collection_schema() -> OpenApiSchema:
    """The schema the operations are collected from, served by the same app on no database
    (nothing connects until a request needs it): pytest collects before any fixture runs.
    Every call then goes to `api_app`, on the real database."""
    app = create_api_app(build_container(Settings(database_url=_NO_DATABASE)))
    return schemathesis.openapi.from_asgi(SCHEMA_PATH, app, config=_config())


CASES: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def _case_count() -> Iterator[None]:
    yield
    if CASES:
        print(f"schemathesis: {sum(CASES.values())} cases over {len(CASES)} operations")  # noqa: T201


schema = _collection_schema()


@schema.parametrize()
def test_every_operation_answers_as_documented(
    case: schemathesis.Case[Any], api_app: Litestar
) -> None:
    case.call_and_validate(app=api_app)
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1


def test_chains_of_operations_answer_as_documented(api_app: Litestar) -> None:
    api_schema = schemathesis.openapi.from_asgi(SCHEMA_PATH, api_app, config=_config())
    machine: Any = api_schema.as_state_machine()
    calls, scenarios, failures = 0, 0, []

    class RecordingMachine(machine):  # type: ignore[misc]
        def validate_response(
            self, response: Any, case: schemathesis.Case[Any], **kwargs: Any
        ) -> None:
            nonlocal calls
            calls += 1
            try:
                super().validate_response(response, case, **kwargs)
            except FailureGroup as failure:
                # Kept, so that no replay can lose it (see below).
                failures.append(failure)
                raise

        def teardown(self) -> None:
            nonlocal scenarios
            scenarios += 1
            super().teardown()

    for _ in range(STATEFUL_SUITES):
        if scenarios >= STATEFUL_SCENARIOS or failures:
            break
        try:
            RecordingMachine.run(
                # Schemathesis's own settings (generation only), with our budget.
                settings=settings(
                    DEFAULT_STATE_MACHINE_SETTINGS,
                    max_examples=STATEFUL_SCENARIOS - scenarios,
                    stateful_step_count=STATEFUL_STEPS,
                    derandomize=bool(os.environ.get("CI")),
                )
            )
        except FlakyStrategyDefinition:
            # Answers feed later steps, and the database keeps what earlier scenarios made, so
            # Hypothesis may find a scenario drawn differently the second time. That says
            # nothing about the API: run the remaining scenarios, as Schemathesis's runner does.
            continue
        except Flaky:
            # A failure Hypothesis could not replay on the changed database: the failure
            # recorded when it happened is the finding.
            if not failures:
                raise
    assert not failures, failures[0]
    assert scenarios >= STATEFUL_SCENARIOS, f"only {scenarios} scenarios ran"
    print(f"schemathesis stateful: {calls} calls in {scenarios} scenarios")  # noqa: T201
