"""Organizers' broadcasts: preview with the recipient count, Confirm and Cancel, optional
approval by a second staff member, /broadcasts with progress; and the "Notify subscribers"
offer after a confirmed policy change."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.channels.telegram.callback_data import (
    Approve,
    DropBroadcast,
    Notify,
    SendBroadcast,
    encode,
)
from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import reply_language, reply_template
from bot.channels.telegram.handlers.staff import actor, reply_error
from bot.channels.telegram.keyboards import choice_row
from bot.channels.telegram.replies import edit_or_send, send_parts
from bot.core.editing import EditError
from bot.rendering import phrases
from bot.rendering.phrases import phrase
from bot.services.broadcasts import AwaitingApproval, Enqueued
from bot.services.places import label
from bot.storage.staff import MAINTAINER, ORGANIZER


async def broadcast(update: Update, context: JurisContext) -> None:
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    lang = reply_language(update, context)
    try:
        preview = context.services.broadcasts.propose(
            actor(update), message.text.partition(" ")[2], lang
        )
    except EditError as error:
        await reply_error(update, context, error)
        return
    header = context.services.renderer.render_template(
        "telegram/broadcast/preview.html.j2", lang, recipients=preview.recipients
    )
    buttons = choice_row(
        lang,
        (phrases.BUTTON_SEND, SendBroadcast(preview.pending_id)),
        (phrases.BUTTON_CANCEL, DropBroadcast(preview.pending_id)),
    )
    chat = update.effective_chat
    assert chat is not None
    await send_parts(context, chat.id, [header, preview.html], buttons)


async def broadcasts(update: Update, context: JurisContext) -> None:
    items = []
    for row, progress in context.services.broadcasts.recent(10):
        place = context.services.directory.get(row.place_id) if row.place_id else None
        percent = 100 * progress.done // progress.total if progress.total else 100
        items.append(
            {
                "row": row,
                "progress": progress,
                "percent": percent,
                "place": label(place) if place else "all",
            }
        )
    await reply_template(
        context,
        update,
        "telegram/broadcast/list.html.j2",
        reply_language(update, context),
        items=items,
    )


async def on_broadcast_button(
    update: Update,
    context: JurisContext,
    payload: SendBroadcast | DropBroadcast | Approve | Notify,
    message: Message,
) -> None:
    query = update.callback_query
    assert query is not None
    user_id, lang = actor(update), reply_language(update, context)
    service = context.services.broadcasts
    renderer = context.services.renderer
    if context.services.staff.role_of(user_id) not in (MAINTAINER, ORGANIZER):
        context.services.staff.refuse(user_id, "button")
        await query.answer(phrase(lang, phrases.TOAST_STALE))
        return
    try:
        if isinstance(payload, DropBroadcast):
            service.cancel(user_id, payload.pending_id)
            html = renderer.render_template("telegram/staff/cancelled.html.j2", lang)
        elif isinstance(payload, Notify):
            done = context.services.editing.confirmed_change(payload.pending_id)
            html = _enqueued(
                context, lang, service.notify_policy(user_id, done.key, done.version, done.place)
            )
        else:
            approve = service.approve if isinstance(payload, Approve) else service.confirm
            result = approve(user_id, payload.pending_id)
            if isinstance(result, AwaitingApproval):
                await _ask_for_approval(context, user_id, result.pending_id, message)
                html = renderer.render_template(
                    "telegram/broadcast/awaiting.html.j2",
                    lang,
                    approvals=result.approvals,
                    needed=result.needed,
                )
            else:
                html = _enqueued(context, lang, result)
    except EditError as error:
        if error.code in ("not_yours", "own_broadcast"):
            await query.answer(phrase(lang, phrases.TOAST_NOT_YOURS), show_alert=True)
            return
        html = renderer.render_template("telegram/staff/edit_error.html.j2", lang, error=error)
    await query.answer()
    await edit_or_send(context, message, [html], None)


def _enqueued(context: JurisContext, language: str, result: Enqueued) -> str:
    return context.services.renderer.render_template(
        "telegram/broadcast/enqueued.html.j2",
        language,
        broadcast_id=result.broadcast_id,
        recipients=result.recipients,
    )


async def _ask_for_approval(
    context: JurisContext, sender: int, pending_id: str, preview: Message
) -> None:
    """Send the preview to every other staff member, with an Approve button."""
    text = preview.text_html if preview.text else ""
    for user_id, role in context.services.staff.staff().items():
        if user_id == sender or role not in (MAINTAINER, ORGANIZER):
            continue
        header = context.services.renderer.render_template(
            "telegram/broadcast/approval_request.html.j2",
            "en",
            sender=sender,
            recipients=context.services.broadcasts.pending_recipients(pending_id),
        )
        button = InlineKeyboardButton(
            phrase("en", phrases.BUTTON_APPROVE), callback_data=encode(Approve(pending_id))
        )
        with contextlib.suppress(TelegramError):
            await send_parts(context, user_id, [header, text], InlineKeyboardMarkup([[button]]))


async def offer_notification(
    context: JurisContext,
    chat_id: int,
    pending_id: str,
    place_name: str,
    count: int,
    language: str,
) -> None:
    """After a policy change is live: "Notify N subscribers"."""
    if count == 0:
        return
    html = context.services.renderer.render_template(
        "telegram/broadcast/notify_offer.html.j2", language, count=count, place=place_name
    )
    button = InlineKeyboardButton(
        phrase(language, phrases.BUTTON_NOTIFY, count=str(count)),
        callback_data=encode(Notify(pending_id)),
    )
    await send_parts(context, chat_id, [html], InlineKeyboardMarkup([[button]]))
