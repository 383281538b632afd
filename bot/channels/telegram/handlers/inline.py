"""Inline mode: "@jurisbot Northampton" in any chat lists the answer to share there.
Parse -> core -> render as articles -> answerInlineQuery. The query text is never logged."""

from __future__ import annotations

from telegram import Update

from bot.channels.telegram.context import JurisContext
from bot.channels.telegram.conversation import ask, show_place
from bot.channels.telegram.inline_results import InlineResults

# Answers change only when a maintainer edits the facts; the language follows the person's
# Telegram settings, so Telegram must not share one person's results with another.
CACHE_SECONDS = 300


async def inline_query(update: Update, context: JurisContext) -> None:
    query = update.inline_query
    assert query is not None
    if query.offset:  # we never ask for a second page; nothing more to show
        await query.answer([], cache_time=CACHE_SECONDS, is_personal=True)
        return
    answer = ask(context, update, query.query)
    results = InlineResults(context.services.renderer, context.bot.username)
    built = results.build(
        answer, lambda place_id, view, language: show_place(context, place_id, view, language)
    )
    await query.answer(
        built.results, cache_time=CACHE_SECONDS, is_personal=True, button=built.button
    )
