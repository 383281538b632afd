"""The console: `jurisbot ask`, `jurisbot chat` and `jurisbot content ...`, as a user runs them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.channels.console.chat import chat
from bot.cli import main
from bot.config import Settings
from tests.conftest import CONTENT_DIR, ROOT


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('cli') / 'jurisbot.db'}"


def test_ask_in_a_fresh_process_creates_the_database(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "jurisbot.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "when did secure communities start in NH"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "May 8, 2012" in result.stdout
    assert "HB 511" in result.stdout
    assert "This is information, not legal advice." in result.stdout
    assert "Traceback" not in result.stderr
    assert database.exists()


def test_chat_numbers_choices_and_takes_a_number(sqlite_url: str) -> None:
    settings = Settings(DATABASE_URL=sqlite_url, JURISBOT_CONTENT_DIR=CONTENT_DIR)
    stdin = io.StringIO("Springfield\n2\nwhat is a detainer?\nquit\n")
    stdout = io.StringIO()
    assert chat(settings, None, stdin=stdin, stdout=stdout) == 0
    output = stdout.getvalue()
    assert "1. Springfield, MA" in output
    assert "type a number" in output
    assert "Springfield, Illinois" in output  # choice 2
    assert "48 hours" in output


def test_content_validate_passes_and_load_is_idempotent(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["content", "validate", str(CONTENT_DIR)]) == 0
    assert "content valid" in capsys.readouterr().out
    assert main(["content", "load", str(CONTENT_DIR)]) == 0
    assert main(["content", "load", str(CONTENT_DIR)]) == 0
    assert "0 document(s) updated" in capsys.readouterr().out


def test_content_validate_reports_broken_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "states").mkdir()
    (tmp_path / "states" / "TX.yaml").write_text("usps: TX\nname: Texas\n", encoding="utf-8")
    assert main(["content", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "states/TX.yaml: kind: Field required" in out
    assert "timeline.yaml: missing" in out
