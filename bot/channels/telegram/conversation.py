"""What the Telegram handlers share: who is asking, in which language, and the one way an
answer is rendered and sent."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update

from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.keyboards import answer_keyboard
from bot.channels.telegram.replies import edit_or_send, send_parts
from bot.core.answering import DEFAULT_LANGUAGE
from bot.core.answers import Answer, View
from bot.i18n.locales import normalize_language


def app_language(update: Update) -> str | None:
    """The primary subtag of Telegram's language_code, if we speak it (``pt-BR`` -> pt)."""
    user = update.effective_user
    return normalize_language(user.language_code if user else None)


def chosen_language(update: Update, context: JurisContext) -> str | None:
    """The language the person chose with /language, if any."""
    chat = update.effective_chat
    return context.services.subscriptions.language_of(chat.id) if chat else None


def reply_language(update: Update, context: JurisContext) -> str:
    """Their chosen language, else their app's, else English."""
    return chosen_language(update, context) or app_language(update) or DEFAULT_LANGUAGE


# The core runs inline: an answer is about a millisecond of Python (dictionary lookups and one
# tiny query). Measured with benchmarks/telegram_throughput.py, handing it to a worker thread
# costs more in GIL hand-offs than it could ever save.
def ask(context: JurisContext, update: Update, question: str, view: View | None = None) -> Answer:
    return context.services.answerer.answer(
        question,
        language=chosen_language(update, context),
        fallback=app_language(update),
        view=view,
    )


def show_place(context: JurisContext, place_id: str, view: View, language: str) -> Answer:
    return context.services.answerer.answer_place(place_id, view, language)


async def reply_with(context: JurisContext, update: Update, answer: Answer) -> None:
    message = update.effective_message
    chat = update.effective_chat
    assert message is not None
    assert chat is not None
    parts = context.services.renderer.render_messages(answer)
    in_group = chat.type != "private"
    await send_parts(
        context,
        chat.id,
        parts,
        answer_keyboard(answer),
        reply_to=message.message_id if in_group else None,
    )


async def replace_with(context: JurisContext, message: Message, answer: Answer) -> None:
    parts = context.services.renderer.render_messages(answer)
    await edit_or_send(context, message, parts, answer_keyboard(answer))


async def reply_template(
    context: JurisContext, update: Update, template: str, language: str, **variables: Any
) -> None:
    chat = update.effective_chat
    assert chat is not None
    html = context.services.renderer.render_template(template, language, **variables)
    await send_parts(context, chat.id, [html])
