"""Sending and editing replies: HTML parse mode, Telegram-sized parts, "not modified"."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.raw_send import send_html

log = logging.getLogger(__name__)


async def send_parts(
    context: JurisContext,
    chat_id: int,
    parts: list[str],
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
) -> None:
    """Send each part in order; the keyboard goes under the last one."""
    for index, part in enumerate(parts):
        extra: dict[str, object] = {}
        if markup is not None and index == len(parts) - 1:
            extra["reply_markup"] = markup
        if reply_to is not None and index == 0:
            extra["reply_parameters"] = {"message_id": reply_to}
        await send_html(context.bot, chat_id, part, **extra)


async def edit_or_send(
    context: JurisContext,
    message: Message,
    parts: list[str],
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Replace a message's text in place; if that is not possible, send a new message."""
    if len(parts) == 1:
        try:
            await message.edit_text(
                parts[0],
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
            return
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return  # the same button pressed twice: nothing to change
            log.info("could not edit a message (%s); sending a new one", error.message)
    await send_parts(context, message.chat_id, parts, markup)
