"""Residents' subscriptions: /subscribe, /unsubscribe, /subscriptions, /forget, and the
Subscribe button under answers."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.channels.telegram.callback_data import Forget, encode
from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import reply_language, reply_template
from bot.channels.telegram.handlers.staff import reply_error
from bot.channels.telegram.replies import send_parts
from bot.core.editing import EditError
from bot.core.places import Place
from bot.rendering import phrases
from bot.rendering.phrases import phrase
from bot.services.places import label


def _chat(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id


async def subscribe(update: Update, context: JurisContext) -> None:
    text = " ".join(context.args or [])
    try:
        place = context.services.subscriptions.place(text)
    except EditError as error:
        await reply_error(update, context, error)
        return
    await confirm_subscription(update, context, place)


async def confirm_subscription(update: Update, context: JurisContext, place: Place) -> None:
    created = context.services.subscriptions.subscribe(
        _chat(update), place, reply_language(update, context)
    )
    await reply_template(
        context,
        update,
        "telegram/subscriptions/subscribed.html.j2",
        reply_language(update, context),
        place=label(place),
        created=created,
    )


async def unsubscribe(update: Update, context: JurisContext) -> None:
    try:
        place, removed = context.services.subscriptions.unsubscribe(
            _chat(update), " ".join(context.args or [])
        )
    except EditError as error:
        await reply_error(update, context, error)
        return
    await reply_template(
        context,
        update,
        "telegram/subscriptions/unsubscribed.html.j2",
        reply_language(update, context),
        place=label(place) if place else None,
        removed=removed,
    )


async def subscriptions(update: Update, context: JurisContext) -> None:
    places = context.services.subscriptions.places(_chat(update))
    await reply_template(
        context,
        update,
        "telegram/subscriptions/list.html.j2",
        reply_language(update, context),
        places=[label(p) for p in places],
    )


async def forget(update: Update, context: JurisContext) -> None:
    lang = reply_language(update, context)
    html = context.services.renderer.render_template(
        "telegram/subscriptions/forget_confirm.html.j2", lang
    )
    button = InlineKeyboardButton(
        phrase(lang, phrases.BUTTON_FORGET), callback_data=encode(Forget())
    )
    await send_parts(context, _chat(update), [html], InlineKeyboardMarkup([[button]]))


async def forget_confirmed(update: Update, context: JurisContext) -> None:
    erased = context.services.subscriptions.forget(_chat(update))
    await reply_template(
        context,
        update,
        "telegram/subscriptions/forgotten.html.j2",
        reply_language(update, context),
        erased=erased,
    )
