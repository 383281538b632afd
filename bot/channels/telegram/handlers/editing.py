"""Maintainers' edits: preview (exactly as residents will see it) with Confirm and Cancel,
history and revert. Thin: parse -> service -> render -> send."""

from __future__ import annotations

from telegram import Message, Update

from bot.channels.telegram.callback_data import Cancel, Confirm, Resolve
from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import reply_language, reply_template
from bot.channels.telegram.handlers.broadcasts import offer_notification
from bot.channels.telegram.handlers.staff import actor, reply_error
from bot.channels.telegram.keyboards import choice_row
from bot.channels.telegram.replies import edit_or_send, send_parts
from bot.core.editing import EditError
from bot.rendering import phrases
from bot.rendering.phrases import phrase
from bot.services.editing import Preview
from bot.services.places import label


async def setdate(update: Update, context: JurisContext) -> None:
    await _propose(update, context, "setdate")


async def addpolicy(update: Update, context: JurisContext) -> None:
    await _propose(update, context, "addpolicy")


async def revert(update: Update, context: JurisContext) -> None:
    await _propose(update, context, "revert")


async def _propose(update: Update, context: JurisContext, kind: str) -> None:
    editing = context.services.editing
    propose = {
        "setdate": editing.propose_set_date,
        "addpolicy": editing.propose_add_policy,
        "revert": editing.propose_revert,
    }[kind]
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    text = message.text.partition(" ")[2]  # keep the "|" separators exactly as written
    try:
        preview = propose(actor(update), text, reply_language(update, context))
    except EditError as error:
        await reply_error(update, context, error)
        return
    await _send_preview(update, context, preview)


async def _send_preview(update: Update, context: JurisContext, preview: Preview) -> None:
    renderer = context.services.renderer
    lang = reply_language(update, context)
    header = renderer.render_template(
        "telegram/staff/preview.html.j2",
        lang,
        kind=preview.kind,
        place=label(preview.answer.place),
    )
    parts = renderer.render_messages(preview.answer)
    buttons = choice_row(
        lang,
        (phrases.BUTTON_CONFIRM, Confirm(preview.pending_id)),
        (phrases.BUTTON_CANCEL, Cancel(preview.pending_id)),
    )
    chat = update.effective_chat
    assert chat is not None
    await send_parts(context, chat.id, [header, *parts], buttons)


async def history(update: Update, context: JurisContext) -> None:
    try:
        place, entries = context.services.editing.history(" ".join(context.args or []))
    except EditError as error:
        await reply_error(update, context, error)
        return
    await reply_template(
        context,
        update,
        "telegram/staff/history.html.j2",
        reply_language(update, context),
        place=label(place),
        entries=entries[:20],
    )


async def on_staff_button(
    update: Update, context: JurisContext, payload: Confirm | Cancel | Resolve, message: Message
) -> None:
    """Confirm, Cancel and Resolve presses. The role is checked again at press time."""
    query = update.callback_query
    assert query is not None
    user_id = actor(update)
    lang = reply_language(update, context)
    renderer = context.services.renderer
    if not context.services.staff.may_use(user_id, "setdate"):
        context.services.staff.refuse(user_id, "button")
        await query.answer(phrase(lang, phrases.TOAST_STALE))
        return
    if isinstance(payload, Resolve):
        context.services.reports.resolve(user_id, payload.report_id)
        await query.answer()
        return
    notify: tuple[str, str, int] | None = None
    try:
        if isinstance(payload, Cancel):
            context.services.editing.cancel(user_id, payload.pending_id)
            html = renderer.render_template("telegram/staff/cancelled.html.j2", lang)
        else:
            done = context.services.editing.confirm(user_id, payload.pending_id)
            if done.kind != "setdate" and not done.key.startswith("activation:"):
                notify = (
                    payload.pending_id,
                    label(done.place),
                    context.services.broadcasts.count_for(done.place),
                )
            html = renderer.render_template(
                "telegram/staff/confirmed.html.j2",
                lang,
                place=label(done.place),
                version=done.version,
                kind=done.kind,
            )
    except EditError as error:
        if error.code == "not_yours":
            # Someone else's preview (in a group): tell only the presser; the preview stays.
            await query.answer(phrase(lang, phrases.TOAST_NOT_YOURS), show_alert=True)
            return
        html = renderer.render_template("telegram/staff/edit_error.html.j2", lang, error=error)
    await query.answer()
    # The buttons go away with the edit: a preview can be answered once.
    await edit_or_send(context, message, [html], None)
    if notify is not None:
        await offer_notification(context, message.chat_id, *notify, lang)
