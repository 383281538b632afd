"""The console: `jurisbot ask`, `jurisbot chat` and `jurisbot content ...`, as a user runs them."""

from __future__ import annotations

import io
import os
import socket
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


def _ask_in_a_new_process(question: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", question],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_ask_in_a_fresh_process_creates_the_database(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "jurisbot.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = _ask_in_a_new_process("when did secure communities start in NH", env)
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


def _env_example_variables() -> list[str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return [line.split("=", 1)[0] for line in lines if "=" in line and not line.startswith("#")]


def test_a_copy_of_env_example_with_nothing_filled_in_works(tmp_path: Path) -> None:
    """Empty variables mean "not set" (docker compose passes them as empty strings)."""
    variables = _env_example_variables()
    assert "JURISBOT_BROADCAST_RATE" in variables
    env = {k: v for k, v in os.environ.items() if k not in variables}
    env.update(dict.fromkeys(variables, ""))
    env["XDG_DATA_HOME"] = str(tmp_path)  # where the default database goes
    result = _ask_in_a_new_process("Vermont", env)
    assert result.returncode == 0, result.stderr
    assert "May 22, 2012" in result.stdout
    assert (tmp_path / "jurisbot" / "jurisbot.db").exists()


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("JURISBOT_BROADCAST_RATE", "fast", "valid number"),
        ("JURISBOT_BROADCAST_RATE", "0", "greater than 0"),
        ("JURISBOT_BROADCAST_APPROVALS", "9", "less than or equal to 5"),
        ("JURISBOT_ADMINS", "123, @ana", "Telegram user ids"),
        ("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081", "ending in /bot"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/jurisbot", "expected sqlite:///PATH"),
        ("TELEGRAM_API_BASE_URL", "127.0.0.1:8081/bot", "ending in /bot"),
    ],
)
def test_a_bad_setting_is_one_readable_line_and_exit_2(
    name: str,
    value: str,
    problem: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(name, value)
    assert main(["ask", "Vermont"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"jurisbot: {name}: ")
    assert problem in err


def test_admin_ids_tolerate_spaces_and_trailing_commas() -> None:
    settings = Settings(JURISBOT_ADMINS=" 12, 34 ,")
    assert settings.admin_ids == frozenset({12, 34})


def test_a_trailing_slash_on_the_bot_api_address_is_forgiven() -> None:
    url = Settings(TELEGRAM_API_BASE_URL="http://127.0.0.1:8081/bot/").telegram_api_base_url
    assert url == "http://127.0.0.1:8081/bot"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "shown", "reason"),
    [
        (
            "postgresql://postgres:s3cret@127.0.0.1:{port}/jurisbot",
            "postgresql://postgres:***@127.0.0.1:{port}/jurisbot",
            "Connection refused",
        ),
        (
            "sqlite:////proc/no-such-dir/jurisbot.db",
            "sqlite:////proc/no-such-dir",
            "cannot create",
        ),
    ],
)
def test_a_database_out_of_reach_is_one_line_and_exit_69(
    url: str,
    shown: str,
    reason: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = _closed_port()
    monkeypatch.setenv("DATABASE_URL", url.format(port=port))
    assert main(["ask", "Vermont"]) == 69
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"jurisbot: cannot use the database {shown.format(port=port)}")
    assert reason in err
    assert "s3cret" not in err
