"""Throwaway Apache Kafka brokers for integration tests.

The Kafka adapter has to be tested against a real broker, but the machines the suite runs on
have no Docker and reach nothing but package registries. So scripts/kafka/fetch.sh lays the
official broker jars out from Maven Central, and we start a private single-node KRaft broker
(broker and controller in one JVM, no ZooKeeper) from them: loopback-only listeners on free
ports, storage in a temp dir, replication factors of 1, and everything deleted afterwards.

Standard library only, like its PostgreSQL twin, so it is cheap to import from anywhere.
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KafkaBroker",
    "RestartableKafka",
    "fetch_kafka_libs",
    "restartable_kafka",
    "throwaway_kafka",
]

_HOST = "127.0.0.1"
_READY_TIMEOUT_S = 60.0
_STOP_TIMEOUT_S = 15.0
_REPO = Path(__file__).resolve().parents[2]
_FETCH = _REPO / "scripts" / "kafka" / "fetch.sh"
# A small heap is plenty for a test broker and leaves room on a 2-core CI machine. Only the
# C1 JIT (TieredStopAtLevel=1): a test broker lives for seconds, and skipping C2's compiles
# made start-to-ready about a third faster on 2 busy cores; the loads are tiny anyway.
_JVM_OPTS = (
    "-Xms256m",
    "-Xmx512m",
    "-XX:+UseG1GC",
    "-XX:TieredStopAtLevel=1",
    "-Djava.awt.headless=true",
)


@dataclass(frozen=True)
class KafkaBroker:
    bootstrap_servers: str


def fetch_kafka_libs() -> Path:
    """Runs scripts/kafka/fetch.sh (instant once cached) and returns the broker's libs dir."""
    try:
        result = subprocess.run([str(_FETCH)], check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise RuntimeError(f"{_FETCH} is missing") from None
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"{_FETCH} failed:\n{exc.stderr.strip()}") from None
    return Path(result.stdout.strip().splitlines()[-1])


def _free_ports(count: int) -> list[int]:
    # All held open together so the ports differ; the broker binds them right after.
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:
            sock.bind((_HOST, 0))
        return [int(sock.getsockname()[1]) for sock in socks]


def _cluster_id() -> str:
    # Kafka's own format (Uuid.toString): URL-safe base64 of 16 random bytes, no padding, and
    # never starting with "-" so that the command line cannot mistake it for an option.
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not text.startswith("-"):
            return text


def _server_properties(base: Path, broker_port: int, controller_port: int) -> str:
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        # A dynamic quorum (KIP-853) of this one controller, formatted with --standalone.
        "controller.quorum.bootstrap.servers": f"{_HOST}:{controller_port}",
        "controller.listener.names": "CONTROLLER",
        "listeners": f"PLAINTEXT://{_HOST}:{broker_port},CONTROLLER://{_HOST}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{_HOST}:{broker_port}",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(base / "data"),
        # One broker: every internal topic has to make do with a single replica.
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        # The default 50 partitions make the first group join wait for 50 logs to be created.
        "offsets.topic.num.partitions": "1",
        "transaction.state.log.num.partitions": "1",
        # Groups start at once instead of waiting 3 s for more members to join.
        "group.initial.rebalance.delay.ms": "0",
        "num.partitions": "1",
        # Tests create their topics explicitly, with the partition count they mean to test.
        # Auto-creation would hide a missing create step (or a misspelled topic) in the code
        # under test, and a fetch for an unknown topic would silently make a 1-partition one.
        "auto.create.topics.enable": "false",
        # Smaller thread pools and cleaner buffer: test loads are tiny, and so is the machine.
        "num.network.threads": "2",
        "num.io.threads": "2",
        "background.threads": "2",
        "log.cleaner.dedupe.buffer.size": str(2 * 1024 * 1024),
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


def _log4j2_properties(log: Path) -> str:
    return "\n".join(
        (
            "status = warn",
            "appender.file.type = File",
            "appender.file.name = file",
            f"appender.file.fileName = {log}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.file.ref = file",
            "",
        )
    )


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no {path.name})"


def _metadata_request() -> bytes:
    # Metadata v4 (served by Kafka 1.0 through 4.4 at least) asking for no topics: the reply
    # still lists the live brokers. Header v1: api key 3, version, correlation id, client id.
    client_id = b"todo-tests-probe"
    header = struct.pack(">hhih", 3, 4, 1, len(client_id)) + client_id
    body = struct.pack(">ib", 0, 0)  # topics: empty array; allow_auto_topic_creation: false
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        data += chunk
    return data


def _serves_metadata(port: int) -> bool:
    """True once the broker answers a Metadata request and lists itself as a live broker."""
    try:
        with socket.create_connection((_HOST, port), timeout=2.0) as sock:
            sock.sendall(_metadata_request())
            (size,) = struct.unpack(">i", _recv_exact(sock, 4))
            reply = _recv_exact(sock, size)
        # correlation id (int32), throttle time (int32), then the brokers array's length.
        head: tuple[int, int, int] = struct.unpack_from(">iii", reply)
    except (OSError, struct.error):
        return False
    correlation_id, _, broker_count = head
    return correlation_id == 1 and broker_count > 0


def _dies_with_us(cmd: list[str]) -> list[str]:
    # If the test run itself is killed (a CI timeout, kill -9), the kernel kills the JVM too
    # instead of leaving an orphaned broker holding 512 MB and two ports. util-linux's setpriv
    # sets PR_SET_PDEATHSIG and execs; unlike preexec_fn it is safe with threads around. The
    # signal fires when the thread that started the broker ends: pytest's main thread here.
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *cmd] if setpriv else cmd


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java not found on PATH: a JDK 17 or newer is needed to run Kafka")
    return java


def _format_storage(java: str, classpath: str, props: Path, base: Path) -> None:
    cmd = [java, *_JVM_OPTS, "-cp", classpath, "kafka.tools.StorageTool", "format"]
    cmd += ["-t", _cluster_id(), "-c", str(props), "--standalone"]
    result = subprocess.run(cmd, cwd=base, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise RuntimeError(f"kafka storage format failed ({result.returncode}):\n{output}")


def _wait_ready(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while not _serves_metadata(port):
        if process.poll() is not None:
            raise RuntimeError(f"the broker exited with status {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"not serving metadata on port {port} after {_READY_TIMEOUT_S}s")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: Kafka's shutdown hook stops the broker in order
    try:
        process.wait(timeout=_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        # Last resort so a wedged broker never outlives the test run.
        process.kill()
        process.wait()


class RestartableKafka:
    """A throwaway broker that can be stopped and started again on the same ports and data, for
    tests of what happens while Kafka is down. `throwaway_kafka` is the usual, simpler form."""

    def __init__(self, libs: Path, base: Path) -> None:
        self._java, self._classpath = _java(), f"{libs}/*"
        self._base = base
        self._props, self._log4j = base / "server.properties", base / "log4j2.properties"
        self._server_log, self._jvm_log = base / "server.log", base / "jvm.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._broker_port, controller_port = _free_ports(2)
        self.bootstrap_servers = f"{_HOST}:{self._broker_port}"
        self._props.write_text(_server_properties(base, self._broker_port, controller_port))
        self._log4j.write_text(_log4j2_properties(self._server_log))
        _format_storage(self._java, self._classpath, self._props, base)

    def start(self) -> None:
        """Starts the broker and waits until it serves metadata."""
        cmd = [self._java, *_JVM_OPTS, f"-Dlog4j2.configurationFile={self._log4j}"]
        cmd += ["-cp", self._classpath, "kafka.Kafka", str(self._props)]
        with self._jvm_log.open("ab") as out:
            # The JVM's own stdout/stderr (a bad classpath, a crash) go to jvm.log.
            self._process = subprocess.Popen(
                _dies_with_us(cmd), cwd=self._base, stdin=subprocess.DEVNULL, stdout=out, stderr=out
            )
        try:
            _wait_ready(self._process, self._broker_port)
        except RuntimeError as exc:
            tails = (
                f"--- server.log ---\n{_tail(self._server_log)}\n"
                f"--- jvm.log ---\n{_tail(self._jvm_log)}"
            )
            raise RuntimeError(f"kafka failed to start: {exc}\n{tails}") from exc

    def stop(self) -> None:
        """Stops the broker (SIGTERM, an orderly shutdown); its data stays for `start`."""
        if self._process is not None:
            _stop(self._process)
            self._process = None


@contextlib.contextmanager
def restartable_kafka(libs: Path | None = None) -> Iterator[RestartableKafka]:
    """A started `RestartableKafka`, stopped and removed at the end."""
    libs = libs if libs is not None else fetch_kafka_libs()
    if not any(libs.glob("kafka_2.13-*.jar")):
        raise RuntimeError(f"no Kafka broker jar (kafka_2.13-*.jar) in {libs}")
    base = Path(tempfile.mkdtemp(prefix="todo-kafka-"))
    broker: RestartableKafka | None = None
    try:
        broker = RestartableKafka(libs, base)
        broker.start()
        yield broker
    finally:
        try:
            if broker is not None:
                broker.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def throwaway_kafka(libs: Path | None = None) -> Iterator[KafkaBroker]:
    """Starts a fresh single-node KRaft broker from the jars in libs (default: fetch.sh's)."""
    with restartable_kafka(libs) as broker:
        yield KafkaBroker(bootstrap_servers=broker.bootstrap_servers)


def _main() -> None:
    """`python -m tests.support.kafka_broker [--hold]`: start one by hand, to time or poke it."""
    started = time.monotonic()
    with throwaway_kafka() as broker:
        ready = time.monotonic()
        sys.stdout.write(f"{broker.bootstrap_servers}: ready in {ready - started:.1f}s\n")
        if "--hold" in sys.argv:
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
    sys.stdout.write(f"stopped and removed in {time.monotonic() - ready:.1f}s\n")


if __name__ == "__main__":
    _main()
