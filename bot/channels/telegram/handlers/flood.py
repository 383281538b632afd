"""Runs before every other handler: updates from someone over their flood allowance stop here
(bot/channels/telegram/flood.py). They are told once; a button press is always answered.

A handler whose check does the counting: updates within the allowance pay one synchronous
check and go on, with no coroutine of their own (measured: benchmarks/telegram_throughput.py).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler

from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import app_language
from bot.channels.telegram.flood import FloodGuard, Verdict
from bot.channels.telegram.replies import send_parts
from bot.core.answering import DEFAULT_LANGUAGE
from bot.rendering import phrases
from bot.rendering.phrases import phrase

log = logging.getLogger("bot.telegram")


async def _drop(update: Update, context: JurisContext, verdict: Verdict) -> None:
    # The app's language: the chosen one would cost a database read per dropped update.
    language = app_language(update) or DEFAULT_LANGUAGE
    chat = update.effective_chat
    if update.callback_query is not None:
        await update.callback_query.answer(phrase(language, phrases.TOAST_TOO_FAST))
    elif verdict is Verdict.DROP_AND_TELL and chat is not None and update.inline_query is None:
        log.info("update %s: over the flood allowance, dropped until it refills", update.update_id)
        await send_parts(context, chat.id, [phrase(language, phrases.TOO_FAST)])
    raise ApplicationHandlerStop


class FloodHandler(BaseHandler[Update, JurisContext, None]):
    """Matches only the updates to drop."""

    def __init__(self, guard: FloodGuard) -> None:
        super().__init__(_drop)  # type: ignore[arg-type]  # called by handle_update below
        self._guard = guard

    def check_update(self, update: object) -> Verdict | None:
        if not isinstance(update, Update):
            return None
        user, chat = update.effective_user, update.effective_chat
        key = user.id if user else chat.id if chat else None
        if key is None:
            return None
        verdict = self._guard.check(key)
        return None if verdict is Verdict.PASS else verdict

    async def handle_update(
        self,
        update: Update,
        application: Application[Any, JurisContext, Any, Any, Any, Any],
        check_result: object,
        context: JurisContext,
    ) -> None:
        assert isinstance(check_result, Verdict)
        await _drop(update, context, check_result)
