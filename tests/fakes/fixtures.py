"""pytest fixtures for the Telegram fake.

Use in a test module with ``pytest_plugins = ("tests.fakes.fixtures",)`` (or import the
fixture function).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .telegram_api import TelegramFake


@pytest.fixture
async def telegram_fake() -> AsyncIterator[TelegramFake]:
    """A started fake on an OS-assigned port, stopped after the test."""
    async with TelegramFake() as fake:
        yield fake
