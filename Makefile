# The two commands of the README. Everything else is in scripts/.
.PHONY: run test unit lint bench

# bootstrap.sh is bash (pipefail, arrays): recipes that source it need bash, not /bin/sh.
SHELL := /bin/bash

run:  ## install, migrate, serve on http://127.0.0.1:8000 (SQLite, one process)
	@scripts/run.sh

test:  ## install, provision PostgreSQL, run every gate and every test
	@scripts/test.sh

bench:  ## provision PostgreSQL and Kafka, run every benchmark, print ratios to baselines
	@scripts/bench.sh $(BENCH_ARGS)

unit:  ## the fast inner loop: unit tests only
	@. scripts/bootstrap.sh && .venv/bin/pytest -m unit -q

lint:  ## the static gates only
	@. scripts/bootstrap.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check . \
		&& .venv/bin/mypy && .venv/bin/lint-imports importlinter.ini
