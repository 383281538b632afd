"""sendMessage without building a Message object from Telegram's answer.

Replies and broadcasts never read the sent message back, and parsing it (entities, keyboard)
was a third of the bot's CPU per reply (benchmarks/telegram_throughput.py). PTB's generic
``do_api_request`` goes through the same request stack, rate limiter and error mapping
(RetryAfter, Forbidden, BadRequest); PTB warns when it is used for a method it knows, which
here is deliberate."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot
from telegram.constants import ParseMode
from telegram.warnings import PTBUserWarning

warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning
)
_NO_PREVIEW = {"is_disabled": True}


async def send_html(bot: Bot, chat_id: int, html: str, **extra: Any) -> None:
    """Send one HTML message (link previews off); ``extra``: reply_markup, reply_parameters."""
    await bot.do_api_request(
        "sendMessage",
        api_kwargs={
            "chat_id": chat_id,
            "text": html,
            "parse_mode": ParseMode.HTML.value,
            "link_preview_options": _NO_PREVIEW,
            **extra,
        },
    )
