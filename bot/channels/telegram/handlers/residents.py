"""Residents' commands and free text. Each handler: parse -> core -> render -> send."""

from __future__ import annotations

from telegram import Update

from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import (
    ask,
    reply_language,
    reply_template,
    reply_with,
    show_place,
)
from bot.channels.telegram.keyboards import states_keyboard, states_page_count
from bot.channels.telegram.replies import send_parts
from bot.core.answers import HelpAnswer, HelpReason, View

DEEP_LINK_PREFIX = "place-"


async def start(update: Update, context: JurisContext) -> None:
    payload = context.args[0] if context.args else ""
    if payload.startswith(DEEP_LINK_PREFIX):  # t.me/<bot>?start=place-ma-t-northampton
        place_id = payload[len(DEEP_LINK_PREFIX) :]
        await reply_with(
            context,
            update,
            show_place(context, place_id, View.BOTH, reply_language(update, context)),
        )
        return
    await reply_template(
        context, update, "telegram/start.html.j2", reply_language(update, context)
    )


async def help_command(update: Update, context: JurisContext) -> None:
    await reply_template(
        context,
        update,
        "telegram/help.html.j2",
        reply_language(update, context),
        bot=context.bot.username,
    )
    user = update.effective_user
    role = context.services.staff.role_of(user.id) if user else None
    if role is not None:
        await reply_template(
            context,
            update,
            "telegram/staff/help.html.j2",
            reply_language(update, context),
            role=role,
        )


async def privacy(update: Update, context: JurisContext) -> None:
    await reply_template(
        context, update, "telegram/privacy.html.j2", reply_language(update, context)
    )


async def states(update: Update, context: JurisContext) -> None:
    language = reply_language(update, context)
    directory = context.services.directory
    html = context.services.renderer.render_template(
        "telegram/states.html.j2", language, page=1, pages=states_page_count(directory)
    )
    chat = update.effective_chat
    assert chat is not None
    await send_parts(context, chat.id, [html], states_keyboard(directory, 0, language))


async def state(update: Update, context: JurisContext) -> None:
    await _place_command(update, context, "state", View.ACTIVATION)


async def policy(update: Update, context: JurisContext) -> None:
    await _place_command(update, context, "policy", View.DETAINER)


async def _place_command(update: Update, context: JurisContext, command: str, view: View) -> None:
    question = " ".join(context.args or [])
    if not question.strip():
        await reply_template(
            context,
            update,
            "telegram/usage.html.j2",
            reply_language(update, context),
            command=command,
        )
        return
    await reply_with(context, update, ask(context, update, question, view))


async def text(update: Update, context: JurisContext) -> None:
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    question = message.text
    username = context.bot.username
    if username:  # in groups the bot is asked by mention: "@jurisbot Boston MA"
        question = question.replace(f"@{username}", " ")
    answer = ask(context, update, question)
    if isinstance(answer, HelpAnswer) and answer.reason is HelpReason.EMPTY:
        answer = HelpAnswer(HelpReason.HELP, language=answer.language)
    await reply_with(context, update, answer)
