"""Runs before every other handler: updates from someone over their flood allowance stop here
(bot/channels/telegram/flood.py). They are told once; a button press is always answered."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import app_language
from bot.channels.telegram.flood import Verdict
from bot.channels.telegram.replies import send_parts
from bot.core.answering import DEFAULT_LANGUAGE
from bot.rendering import phrases
from bot.rendering.phrases import phrase

log = logging.getLogger("bot.telegram")


async def guard(update: Update, context: JurisContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    key = user.id if user else chat.id if chat else None
    allowance = context.bot_data.flood
    if key is None or allowance is None:
        return
    verdict = allowance.check(key)
    if verdict is Verdict.PASS:
        return
    # The app's language: the chosen one would cost a database read per dropped update.
    language = app_language(update) or DEFAULT_LANGUAGE
    if update.callback_query is not None:
        await update.callback_query.answer(phrase(language, phrases.TOAST_TOO_FAST))
    elif verdict is Verdict.DROP_AND_TELL and chat is not None and update.inline_query is None:
        log.info(
            "update %s: over the flood allowance; dropping until it refills", update.update_id
        )
        await send_parts(context, chat.id, [phrase(language, phrases.TOO_FAST)])
    raise ApplicationHandlerStop
