from __future__ import annotations

import pytest

from entrypoints.cli import EXIT_UNAVAILABLE, main


@pytest.mark.parametrize("command", ["scheduler"])
def test_services_not_built_yet_say_so_and_exit_unavailable(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command]) == EXIT_UNAVAILABLE
    assert "not available yet" in capsys.readouterr().err


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_help_lists_every_service(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("serve", "api", "auth", "relay", "mailer", "scheduler", "migrate", "kafka"):
        assert command in out
