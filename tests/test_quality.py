"""The project's own checks, so that the one test command covers them: ruff, mypy and the
content validator, exactly as a developer runs them."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean() -> None:
    lint = _run("ruff", "check", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    style = _run("ruff", "format", "--check", ".")
    assert style.returncode == 0, style.stdout + style.stderr


def test_mypy_is_clean() -> None:
    result = _run("mypy", "bot", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_content_validates() -> None:
    result = _run("bot", "content", "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content valid" in result.stdout
