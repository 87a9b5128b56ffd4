"""`todo kafka init-topics` and `todo kafka export-contracts`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from adapters.kafka import EventTopics, TopicCreationFailed, create_topics
from adapters.kafka.event_contracts import contract_files
from entrypoints.settings import Settings

__all__ = ["CONTRACTS_DIR", "EXIT_FAILURE", "export_contracts", "init_topics"]

EXIT_FAILURE = 1
# sysexits.h EX_CONFIG: the configuration does not allow the command to run.
_EXIT_CONFIG = 78
CONTRACTS_DIR = Path("docs/contracts/events")


def _say(text: str, *, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout, flush=True)


def init_topics(settings: Settings, *, replication_factor: int) -> int:
    if settings.kafka_bootstrap_servers is None:
        _say("todo kafka init-topics: set TODO_KAFKA_BOOTSTRAP_SERVERS", error=True)
        return _EXIT_CONFIG
    specs = EventTopics(settings.kafka_topic_prefix).specs()
    try:
        outcomes = asyncio.run(
            create_topics(
                settings.kafka_bootstrap_servers, specs, replication_factor=replication_factor
            )
        )
    except TopicCreationFailed as exc:
        _say(f"todo kafka init-topics: {exc}", error=True)
        return EXIT_FAILURE
    for outcome in outcomes:
        state = "created" if outcome.created else "exists"
        _say(f"todo kafka init-topics: {outcome.topic} {state}")
    return 0


def export_contracts(directory: Path, *, check: bool) -> int:
    """Writes the contract files; with `check`, only reports the files that differ."""
    files = contract_files()
    stale = sorted(
        name
        for name, content in files.items()
        if not (directory / name).is_file() or (directory / name).read_text() != content
    )
    known = {*files, "README.md"}
    extra = sorted(p.name for p in directory.glob("*.json") if p.name not in known)
    if check:
        for name in stale + extra:
            _say(f"todo kafka export-contracts: {directory / name} is out of date", error=True)
        return EXIT_FAILURE if stale or extra else 0
    directory.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (directory / name).write_text(files[name])
    for name in extra:
        (directory / name).unlink()
    _say(f"todo kafka export-contracts: {len(stale)} written, {len(extra)} removed in {directory}")
    return 0
