#!/usr/bin/env bash
# `make run`: install what is needed, migrate, and serve everything in one process on the
# embedded default (SQLite under ./var, in-process events). Stop with Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

.venv/bin/todo migrate
exec .venv/bin/todo serve "$@"
