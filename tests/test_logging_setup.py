"""The rotating log file in the user data folder (infradesk/logging_setup.py) and the CLI's
use of it: real files in tmp_path, real rotation."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from infradesk.cli import demo_cmd
from infradesk.cli.main import main
from infradesk.logging_setup import (
    LOGGER_NAME,
    get_logger,
    log_file_path,
    logging_is_set_up,
    setup_logging,
    teardown_logging,
)


@pytest.fixture(autouse=True)
def no_handler_left() -> Iterator[None]:
    teardown_logging()
    yield
    teardown_logging()


def flush() -> None:
    for handler in logging.getLogger(LOGGER_NAME).handlers:
        handler.flush()


def test_a_record_reaches_the_log_file(tmp_path: Path) -> None:
    target = tmp_path / "logs" / "infradesk.log"
    assert setup_logging(target) == target
    get_logger("infradesk.store.workspace").info("opened %s", "plan.infradesk")
    get_logger("services.plan").warning("not under infradesk yet: put there")
    get_logger("infradesk.ui").debug("below the level: left out")
    flush()
    text = target.read_text(encoding="utf-8")
    assert "INFO infradesk.store.workspace: opened plan.infradesk" in text
    assert "WARNING infradesk.services.plan: not under infradesk yet: put there" in text
    assert "below the level" not in text


def test_the_default_file_is_in_the_data_folder_and_set_up_once(
    isolated_user_folders: Path,
) -> None:
    path = setup_logging()
    assert path == log_file_path() == isolated_user_folders / "data" / "logs" / "infradesk.log"
    assert setup_logging() == path
    ours = [h for h in logging.getLogger(LOGGER_NAME).handlers if hasattr(h, "baseFilename")]
    assert len(ours) == 1
    teardown_logging()
    assert not logging_is_set_up()


def test_the_file_rotates_at_its_size_and_keeps_the_newest(tmp_path: Path) -> None:
    target = tmp_path / "infradesk.log"
    setup_logging(target, max_bytes=2_000, backup_count=2)
    log = get_logger("infradesk.test")
    for number in range(100):  # ~100 bytes a line: ~10 KB in all
        log.info("record %03d %s", number, "x" * 40)
    flush()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["infradesk.log", "infradesk.log.1", "infradesk.log.2"]
    for path in tmp_path.iterdir():
        assert path.stat().st_size <= 2_000
    assert "record 099" in target.read_text(encoding="utf-8")  # the newest in the live file
    assert "record 000" not in "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())


def test_a_folder_we_cannot_write_means_no_log_file_and_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    assert setup_logging(blocker / "logs" / "infradesk.log") is None
    assert not logging_is_set_up()
    get_logger("infradesk.test").error("goes nowhere, raises nothing")


def test_the_cli_logs_an_internal_error_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: argparse.Namespace) -> int:
        raise RuntimeError("a bug in the demo command")

    monkeypatch.setattr(demo_cmd, "run", broken)
    assert main(["demo", "--workspace", str(tmp_path / "w.infradesk")]) == 3
    assert "internal error" in capsys.readouterr().err
    assert not logging_is_set_up()  # main() closed the file it opened
    text = log_file_path().read_text(encoding="utf-8")
    assert "ERROR infradesk.cli.main: internal error in infradesk demo --workspace" in text
    assert "Traceback" in text and "RuntimeError: a bug in the demo command" in text


def test_the_cli_logs_a_refusal(tmp_path: Path) -> None:
    empty = tmp_path / "empty.infradesk"
    empty.write_bytes(b"")
    assert main(["export", "--workspace", str(empty), "-o", str(tmp_path / "out.json")]) == 2
    text = log_file_path().read_text(encoding="utf-8")
    assert "WARNING infradesk.cli.main: refused (exit 2): " in text
    assert "empty.infradesk" in text
