# syntax=docker/dockerfile:1
#
# Image for every `todo` service (api, migrate, serve, and later auth/relay/
# mailer/scheduler): one image, the subcommand is chosen by CMD / compose.
#
#   docker build -t todo-service .
#   docker run --rm -p 127.0.0.1:8000:8000 -e TODO_DATABASE_URL=... todo-service

# Both stages MUST use the same base image: the venv built in the builder
# stage links to /usr/local/bin/python3.11, which has to exist, at the same
# path, in the runtime stage.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --------------------------------------------------------------------------
# builder: resolve and install dependencies + the project into /app/.venv
# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

# uv from PyPI, pinned, so builds are reproducible (keep in step with the uv
# used for development; it must understand the committed uv.lock).
ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir "uv==${UV_VERSION}"

# UV_PYTHON_DOWNLOADS=never: use the image's interpreter, never fetch one.
# UV_LINK_MODE=copy: the cache is a separate mount, so hard links can't work.
# UV_COMPILE_BYTECODE=1: compile .pyc at build time; the runtime user can't
#   write into the venv, and startup is faster.
ENV UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /app

# Dependencies first, without the project itself: this layer only changes
# when pyproject.toml / uv.lock change, not on every source edit.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    uv sync --frozen --no-dev --no-install-project

# Then the project. It is installed editable (uv's default) on purpose:
# `todo migrate` finds Alembic's scripts in /app/migrations, i.e. it needs the
# source tree, not just a wheel in site-packages.
COPY pyproject.toml uv.lock README.md ./
COPY src ./src
COPY migrations ./migrations
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# --------------------------------------------------------------------------
# runtime: no uv, no build tools, non-root
# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# Fixed uid/gid so volume ownership is predictable across rebuilds.
RUN groupadd --system --gid 10001 todo \
    && useradd --system --uid 10001 --gid todo --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin todo

# PYTHONDONTWRITEBYTECODE: /app is read-only for `todo`; don't try to write
# __pycache__ next to the editable sources.
ENV PATH="/app/.venv/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HEALTHCHECK_URL=http://127.0.0.1:8000/health/live

WORKDIR /app

# Same path as in the builder: the venv's scripts and the editable .pth file
# contain absolute /app/... paths.
COPY --from=builder /app /app

# The default TODO_DATABASE_URL is a SQLite file under ./var/ (= /app/var),
# so that one directory must be writable by the runtime user.
RUN mkdir -p /app/var && chown todo:todo /app/var

USER todo

EXPOSE 8000

# No curl in slim images: use the interpreter that is there anyway.
# urlopen() raises on connection errors and on any non-2xx status, so the
# exit code is 0 only for a 2xx. HEALTHCHECK_URL (deliberately not TODO_*,
# which is the app's settings namespace) lets `todo api --port N` or another
# service override the target.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['HEALTHCHECK_URL'], timeout=4)"]

CMD ["todo", "api", "--host", "0.0.0.0", "--port", "8000"]
