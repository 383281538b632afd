"""Staff: the guard that refuses staff commands to everyone else (politely, revealing nothing,
audited), roles, the audit log, stale records and correction reports."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.channels.telegram.callback_data import Resolve, encode
from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import reply_language, reply_template
from bot.channels.telegram.replies import send_parts
from bot.channels.telegram.staff_menu import show_staff_menu
from bot.core.answering import DEFAULT_LANGUAGE
from bot.core.editing import EditError
from bot.rendering import phrases
from bot.rendering.phrases import phrase
from bot.rendering.split import split_message
from bot.services.places import label
from bot.services.staff import STAFF_COMMANDS
from bot.storage.staff import MAINTAINER
from bot.storage.tables import ReportRow

DEFAULT_STALE_MONTHS = 12


def actor(update: Update) -> int:
    user = update.effective_user
    assert user is not None
    return user.id


def command_name(update: Update) -> str | None:
    message = update.effective_message
    text = message.text if message is not None else None
    if not text or not text.startswith("/"):
        return None
    return text.split()[0][1:].split("@")[0].lower()


async def guard(update: Update, context: JurisContext) -> None:
    """Runs before every command: a staff command from someone without the role is refused
    exactly like an unknown command, and recorded."""
    name = command_name(update)
    if name is None or name not in STAFF_COMMANDS or update.effective_user is None:
        return
    if context.services.staff.may_use(actor(update), name):
        return
    context.services.staff.refuse(actor(update), name)
    await reply_template(
        context, update, "telegram/staff/refused.html.j2", reply_language(update, context)
    )
    raise ApplicationHandlerStop


async def unknown_command(update: Update, context: JurisContext) -> None:
    await reply_template(
        context, update, "telegram/staff/refused.html.j2", reply_language(update, context)
    )


async def reply_error(update: Update, context: JurisContext, error: EditError) -> None:
    await reply_template(
        context,
        update,
        "telegram/staff/edit_error.html.j2",
        reply_language(update, context),
        error=error,
    )


async def grant(update: Update, context: JurisContext) -> None:
    try:
        user_id, role = context.services.staff.grant(actor(update), " ".join(context.args or []))
    except EditError as error:
        await reply_error(update, context, error)
        return
    await show_staff_menu(context.bot, user_id, role)
    await reply_template(
        context,
        update,
        "telegram/staff/roles.html.j2",
        reply_language(update, context),
        action="grant",
        user=user_id,
        role=role,
    )


async def revoke(update: Update, context: JurisContext) -> None:
    try:
        user_id, role = context.services.staff.revoke(actor(update), " ".join(context.args or []))
    except EditError as error:
        await reply_error(update, context, error)
        return
    await show_staff_menu(context.bot, user_id, None)
    await reply_template(
        context,
        update,
        "telegram/staff/roles.html.j2",
        reply_language(update, context),
        action="revoke",
        user=user_id,
        role=role,
    )


async def audit(update: Update, context: JurisContext) -> None:
    rows = context.services.staff.audit_log(20)
    context.services.staff.record(actor(update), "audit", "ok")
    await reply_template(
        context, update, "telegram/staff/audit.html.j2", reply_language(update, context), rows=rows
    )


async def stale(update: Update, context: JurisContext) -> None:
    args = context.args or []
    if len(args) > 1 or (args and not (args[0].isdigit() and 0 < int(args[0]) <= 600)):
        await reply_error(update, context, EditError("usage_months"))
        return
    months = int(args[0]) if args else DEFAULT_STALE_MONTHS
    records = context.services.editing.stale(months)
    await reply_template(
        context,
        update,
        "telegram/staff/stale.html.j2",
        reply_language(update, context),
        months=months,
        records=records,
    )


async def reports(update: Update, context: JurisContext) -> None:
    rows = context.services.reports.open()
    directory = context.services.directory
    items = []
    for row in rows:
        place = directory.get(row.place_id)
        items.append({"row": row, "place": label(place) if place else row.place_id})
    lang = reply_language(update, context)
    html = context.services.renderer.render_template(
        "telegram/staff/reports.html.j2", lang, items=items
    )
    buttons = [
        [
            InlineKeyboardButton(
                phrase(lang, phrases.BUTTON_RESOLVE, id=str(row.id)),
                callback_data=encode(Resolve(row.id or 0)),
            )
        ]
        for row in rows
    ]
    chat = update.effective_chat
    assert chat is not None
    markup = InlineKeyboardMarkup(buttons) if buttons else None
    await send_parts(context, chat.id, split_message(html), markup)


async def report(update: Update, context: JurisContext) -> None:
    """/report PLACE | TEXT — anyone may flag an error."""
    chat = update.effective_chat
    assert chat is not None
    text = " ".join(context.args or [])
    try:
        row, place = context.services.reports.report(chat.id, text)
    except EditError as error:
        await reply_error(update, context, error)
        return
    await reply_template(
        context,
        update,
        "telegram/staff/report_thanks.html.j2",
        reply_language(update, context),
        place=label(place),
    )
    for user_id, role in context.services.staff.staff().items():
        if role == MAINTAINER:
            await _notify(context, user_id, row, label(place))


async def _notify(context: JurisContext, user_id: int, row: ReportRow, place: str) -> None:
    html = context.services.renderer.render_template(
        "telegram/staff/report_notice.html.j2", DEFAULT_LANGUAGE, row=row, place=place
    )
    # A maintainer who never opened the chat with the bot still sees it in /reports.
    with contextlib.suppress(TelegramError):
        await send_parts(context, user_id, [html])
