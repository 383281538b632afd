"""Sending and editing replies: HTML parse mode, Telegram-sized parts, "not modified"."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.channels.telegram.context import JurisContext

log = logging.getLogger(__name__)


async def send_parts(
    context: JurisContext,
    chat_id: int,
    parts: list[str],
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
) -> Message:
    """Send each part in order; the keyboard goes under the last one."""
    message: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        message = await context.bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if last else None,
            reply_to_message_id=reply_to if index == 0 else None,
        )
    assert message is not None
    return message


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
