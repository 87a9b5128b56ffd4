"""Throwaway PostgreSQL clusters for integration tests.

The PostgreSQL adapter has to be tested against a real server, but the
machines the suite runs on have no Docker and no shared database. So we build a
private cluster from the server binaries with ``initdb``, listen on a random
loopback port with trust auth, turn durability off for speed, and delete
everything afterwards. PostgreSQL refuses to run as root, so when we are root
every server-side command runs as the ``postgres`` OS user instead.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

_DEBIAN_ROOT = Path("/usr/lib/postgresql")
_HOST = "127.0.0.1"
_READY_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str | None

    def url(self, database: str = "postgres", driver: str = "postgresql+asyncpg") -> str:
        auth = quote(self.user, safe="")
        if self.password is not None:
            auth += ":" + quote(self.password, safe="")
        return f"{driver}://{auth}@{self.host}:{self.port}/{database}"


def _version_key(path: Path) -> tuple[int, ...]:
    # "9.6" < "10" < "15": compare numerically, not as strings.
    version = path.parent.parent.name
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def find_postgres_bin_dir() -> Path | None:
    candidates = sorted(_DEBIAN_ROOT.glob("*/bin/initdb"), key=_version_key)
    if candidates:
        return candidates[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", "postgres", "--", *cmd]
    su = shutil.which("su") or "/bin/su"
    return [su, "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]


def _run(cmd: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    # cwd matters: as root the postgres user may not be allowed into our cwd.
    return subprocess.run(cmd, cwd=cwd, check=check, capture_output=True, text=True)


def _make_base_dir() -> Path:
    if os.geteuid() != 0:
        return Path(tempfile.mkdtemp(prefix="todo-pg-"))
    try:
        owner = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root, but no 'postgres' OS user") from None
    # Not $TMPDIR: it may sit under a path the postgres user cannot traverse.
    # mkdtemp makes it 0700, so chowning gives postgres sole access.
    base = Path(tempfile.mkdtemp(prefix="todo-pg-", dir="/tmp"))
    os.chown(base, owner.pw_uid, owner.pw_gid)
    return base


def _log_tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no postgres.log)"


def _initdb(bin_dir: Path, data: Path, base: Path) -> None:
    errors: list[str] = []
    for locale in ("C.UTF-8", "C"):  # C.UTF-8 is missing on some older glibcs
        cmd = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres"]
        cmd += ["--auth=trust", "--encoding=UTF8", f"--locale={locale}"]
        result = _run(_as_server_user(cmd), base, check=False)
        if result.returncode == 0:
            return
        errors.append(f"--locale={locale}: {result.stderr.strip()}")
        shutil.rmtree(data, ignore_errors=True)
    raise RuntimeError("initdb failed:\n" + "\n".join(errors))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        return int(sock.getsockname()[1])


def _wait_ready(bin_dir: Path, port: int, base: Path) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT_S
    cmd = [str(bin_dir / "pg_isready"), "-q", "-h", _HOST, "-p", str(port)]
    while _run(cmd, base, check=False).returncode != 0:
        if time.monotonic() > deadline:
            raise RuntimeError(f"not accepting connections after {_READY_TIMEOUT_S}s")
        time.sleep(0.1)


def _start(bin_dir: Path, data: Path, base: Path, port: int) -> None:
    log = base / "postgres.log"
    opts = (
        f"-c listen_addresses={_HOST} -p {port} -k {shlex.quote(str(base))} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=200"
    )
    start = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w"]
    start += ["-t", "60", "-o", opts, "start"]
    try:
        _run(_as_server_user(start), base)
        _wait_ready(bin_dir, port, base)
    except (subprocess.CalledProcessError, RuntimeError) as exc:
        why = getattr(exc, "stderr", None) or exc
        msg = f"postgres failed to start: {why}\n{_log_tail(log)}"
        raise RuntimeError(msg) from exc


@dataclass(frozen=True)
class RestartablePostgresServer(PostgresServer):
    """A throwaway server a test may stop and start again, on the same data and port."""

    bin_dir: Path
    base: Path

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` is a crash as clients see it: every connection drops at once."""
        cmd = [str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.base / "data")]
        _run(_as_server_user([*cmd, "-m", mode, "-w"]), self.base)

    def start(self) -> None:
        _start(self.bin_dir, self.base / "data", self.base, self.port)


def _stop(bin_dir: Path, data: Path, base: Path) -> None:
    pid_file = data / "postmaster.pid"
    if not pid_file.exists():
        return
    for mode in ("fast", "immediate"):
        cmd = [str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", mode, "-w"]
        if _run(_as_server_user(cmd), base, check=False).returncode == 0:
            return
    # Last resort so a wedged server never outlives the test run.
    with contextlib.suppress(OSError, ValueError, IndexError):
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[RestartablePostgresServer]:
    bin_dir = find_postgres_bin_dir()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL server binaries (initdb) not found. Run "
            "scripts/ensure-postgres.sh, or set TODO_TEST_DATABASE_URL to use an "
            "existing server."
        )
    base = _make_base_dir()
    data = base / "data"
    try:
        _initdb(bin_dir, data, base)
        port = _free_port()
        _start(bin_dir, data, base, port)
        yield RestartablePostgresServer(
            host=_HOST, port=port, user="postgres", password=None, bin_dir=bin_dir, base=base
        )
    finally:
        try:
            _stop(bin_dir, data, base)
        finally:
            shutil.rmtree(base, ignore_errors=True)
