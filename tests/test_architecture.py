"""The architecture, checked: the core knows nothing of Telegram or the database, and no
module grows into a god file."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

CORE = ROOT / "bot" / "core"
FORBIDDEN_IN_CORE = ("telegram", "sqlmodel", "sqlalchemy", "bot.storage", "bot.channels", "jinja2")
MAX_LINES = 400


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_core_is_transport_and_storage_independent() -> None:
    for path in CORE.glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN_IN_CORE), f"{path.name} imports {name}"


def test_only_the_telegram_adapter_imports_telegram() -> None:
    adapter = ROOT / "bot" / "channels" / "telegram"
    for path in (ROOT / "bot").rglob("*.py"):
        if adapter in path.parents:
            continue
        for name in _imports(path):
            assert not name.startswith("telegram"), f"{path} imports {name}"


def test_no_god_files() -> None:
    for path in (ROOT / "bot").rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
