"""/language: the language of every reply, chosen with a word or a button and remembered."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.channels.telegram.callback_data import SetLanguage, encode
from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import reply_language, reply_template
from bot.channels.telegram.replies import send_parts
from bot.i18n.locales import available_languages, native_name, normalize_language


async def language(update: Update, context: JurisContext) -> None:
    wanted = normalize_language(context.args[0]) if context.args else None
    if wanted is not None:
        await choose(update, context, wanted)
        return
    chat = update.effective_chat
    assert chat is not None
    buttons = [
        InlineKeyboardButton(native_name(code), callback_data=encode(SetLanguage(code)))
        for code in available_languages()
    ]
    html = context.services.renderer.render_template(
        "telegram/language.html.j2", reply_language(update, context), chosen=None
    )
    await send_parts(context, chat.id, [html], InlineKeyboardMarkup([buttons]))


async def choose(update: Update, context: JurisContext, code: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    context.services.subscriptions.set_language(chat.id, code)
    await reply_template(
        context, update, "telegram/language.html.j2", code, chosen=native_name(code)
    )
