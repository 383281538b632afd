"""The one error handler: the resident hears that nothing changed; the log gets the update id
and the command, never message text, names or usernames."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import app_language
from bot.channels.telegram.replies import send_parts
from bot.core.answering import DEFAULT_LANGUAGE

log = logging.getLogger("bot.telegram")


def _command(update: Update) -> str:
    message = update.effective_message
    if update.callback_query is not None:
        return "button"
    if update.inline_query is not None:
        return "inline"
    text = message.text if message is not None else None
    if text and text.startswith("/"):
        return text.split()[0].split("@")[0][:32]
    return "text" if text else "other"


async def on_error(update: object, context: JurisContext) -> None:
    error = context.error
    if not isinstance(update, Update):
        log.error("error outside an update: %s", type(error).__name__, exc_info=error)
        return
    log.error(
        "update %s (%s) failed: %s",
        update.update_id,
        _command(update),
        type(error).__name__,
        exc_info=error,
    )
    chat = update.effective_chat
    if chat is None or isinstance(error, Forbidden):
        return  # nobody to tell, or they blocked us
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
    except TelegramError:
        pass  # already answered, or too old
    # Not the stored choice: the database may be what failed.
    language = app_language(update) or DEFAULT_LANGUAGE
    html = context.services.renderer.render_template("telegram/error.html.j2", language)
    try:
        await send_parts(context, chat.id, [html])
    except TelegramError as send_error:
        log.warning(
            "could not tell update %s about the error: %s",
            update.update_id,
            type(send_error).__name__,
        )
