"""`jurisbot run` as an operator starts it: a process of its own, configured only by the
environment, pointed at the Bot API fake."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.conftest import CONTENT_DIR, ROOT


async def start_jurisbot(
    token: str, base_url: str, database_url: str, **variables: str
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": database_url,
        "JURISBOT_CONTENT_DIR": str(CONTENT_DIR),
        **variables,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
