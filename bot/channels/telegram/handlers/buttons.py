"""Button presses: every press is answered; stale or foreign data gets a polite toast."""

from __future__ import annotations

from telegram import Message, Update

from bot.channels.telegram.callback_data import (
    Approve,
    Cancel,
    Confirm,
    DropBroadcast,
    Forget,
    Notify,
    Resolve,
    SendBroadcast,
    SetLanguage,
    ShowPlace,
    StatesPage,
    Subscribe,
    decode,
)
from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import (
    replace_with,
    reply_language,
    show_place,
)
from bot.channels.telegram.handlers.broadcasts import on_broadcast_button
from bot.channels.telegram.handlers.editing import on_staff_button
from bot.channels.telegram.handlers.language import choose
from bot.channels.telegram.handlers.subscriptions import confirm_subscription, forget_confirmed
from bot.channels.telegram.keyboards import states_keyboard, states_page_count
from bot.channels.telegram.replies import edit_or_send
from bot.core.answers import NotFoundAnswer
from bot.i18n.locales import normalize_language
from bot.rendering import phrases
from bot.rendering.phrases import phrase


async def on_button(update: Update, context: JurisContext) -> None:
    query = update.callback_query
    assert query is not None
    language = reply_language(update, context)
    payload = decode(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if payload is None or message is None:
        await query.answer(phrase(language, phrases.TOAST_STALE))
        return
    if isinstance(payload, Confirm | Cancel | Resolve):
        await on_staff_button(update, context, payload, message)
        return
    if isinstance(payload, SendBroadcast | DropBroadcast | Approve | Notify):
        await on_broadcast_button(update, context, payload, message)
        return
    if isinstance(payload, SetLanguage):
        code = normalize_language(payload.code)
        if code is None:
            await query.answer(phrase(language, phrases.TOAST_STALE))
            return
        await query.answer()
        await choose(update, context, code)
        return
    if isinstance(payload, Forget):
        await query.answer()
        await forget_confirmed(update, context)
        return
    if isinstance(payload, Subscribe):
        place = context.services.directory.get(payload.place_id)
        if place is None:
            await query.answer(phrase(language, phrases.TOAST_STALE))
            return
        await query.answer()
        await confirm_subscription(update, context, place)
        return
    if isinstance(payload, StatesPage):
        await query.answer()
        directory = context.services.directory
        pages = states_page_count(directory)
        page = min(payload.page, pages - 1)
        html = context.services.renderer.render_template(
            "telegram/states.html.j2", language, page=page + 1, pages=pages
        )
        await edit_or_send(context, message, [html], states_keyboard(directory, page, language))
        return
    assert isinstance(payload, ShowPlace)
    answer = show_place(context, payload.place_id, payload.view, language)
    if isinstance(answer, NotFoundAnswer):  # a place that no longer exists
        await query.answer(phrase(language, phrases.TOAST_STALE))
        return
    await query.answer()
    await replace_with(context, message, answer)
