#!/usr/bin/env bash
# Sourced by the other scripts: makes sure the pinned uv and the locked virtualenv exist.
# Idempotent: a second run installs nothing and takes about a second.
set -euo pipefail

UV_VERSION="0.13.9"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Bytecode caches make every later run (tests, `todo`) start seconds faster; some shells turn
# them off globally.
unset PYTHONDONTWRITEBYTECODE

# Use the machine's Python 3.11; never download an interpreter.
export UV_PYTHON_DOWNLOADS=never
export UV_PYTHON=python3.11
export UV_PROJECT_ENVIRONMENT="$ROOT/.venv"

if ! command -v python3.11 >/dev/null 2>&1; then
    echo "bootstrap: python3.11 is required and was not found on PATH" >&2
    exit 1
fi

UV="$ROOT/.tools/uv/bin/uv"
if [[ ! -x "$UV" ]] || [[ "$("$UV" --version 2>/dev/null)" != "uv $UV_VERSION"* ]]; then
    echo "bootstrap: installing uv $UV_VERSION into .tools/uv" >&2
    rm -rf "$ROOT/.tools/uv"
    python3.11 -m venv "$ROOT/.tools/uv"
    "$ROOT/.tools/uv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi

# --locked: fail if uv.lock no longer matches pyproject.toml instead of silently re-resolving.
"$UV" sync --locked --python python3.11 --quiet
