"""Staff see their commands in their own command menu; residents never see them listed."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.i18n.locales import SOURCE_LANGUAGE, available_languages
from bot.rendering import phrases
from bot.rendering.phrases import phrase
from bot.storage.staff import MAINTAINER


def commands_for(role: str, language: str) -> list[BotCommand]:
    staff = phrases.MAINTAINER_COMMANDS if role == MAINTAINER else phrases.ORGANIZER_COMMANDS
    everything = {**phrases.COMMANDS, **staff}
    return [BotCommand(name, phrase(language, text)) for name, text in everything.items()]


async def show_staff_menu(bot: Bot, user_id: int, role: str | None) -> None:
    """Set (or, without a role, remove) one person's command menu, in every language."""
    scope = BotCommandScopeChat(chat_id=user_id)
    for language in available_languages():
        code = None if language == SOURCE_LANGUAGE else language
        try:
            if role is None:
                await bot.delete_my_commands(scope=scope, language_code=code)
            else:
                await bot.set_my_commands(
                    commands_for(role, language), scope=scope, language_code=code
                )
        except TelegramError:
            # A staff member who never opened a chat with the bot has no chat scope yet.
            return
