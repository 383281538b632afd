"""The Telegram adapter's composition: the PTB Application, its handlers in an explicit order,
the command menu and descriptions, and ``jurisbot run``."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import exits
from bot.app import Services, build_services
from bot.broadcast.worker import BroadcastSender
from bot.channels.telegram.aiohttp_request import AiohttpRequest
from bot.channels.telegram.context import BotData, JurisApplication, JurisContext
from bot.channels.telegram.delivery import TelegramTransport, broadcast_bot
from bot.channels.telegram.filters import AddressedToBot
from bot.channels.telegram.flood import FloodGuard
from bot.channels.telegram.handlers import (
    broadcasts,
    buttons,
    editing,
    errors,
    flood,
    inline,
    residents,
    staff,
    subscriptions,
)
from bot.channels.telegram.handlers import (
    language as choose_language,
)
from bot.channels.telegram.logs import shorten_telegram_errors
from bot.channels.telegram.staff_menu import show_staff_menu
from bot.config import Settings
from bot.i18n.locales import SOURCE_LANGUAGE, available_languages
from bot.rendering import phrases
from bot.rendering.phrases import phrase
from bot.storage.outbox import Progress
from bot.storage.tables import BroadcastRow

log = logging.getLogger("bot.telegram")
# At start, the Bot API is retried this many times (about 75 s in all: PTB waits 1.5 s, then
# half as long again each time), so a bot started before the network is up still comes up.
BOOTSTRAP_RETRIES = 8
CONCURRENT_UPDATES = 8
_TOKEN = re.compile(r"^\d{5,15}:[A-Za-z0-9_-]{30,60}$")


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message is one readable line."""


def check_token(token: str | None) -> str:
    if not token or not token.strip():
        raise ConfigurationError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token "
            "(see .env.example)."
        )
    token = token.strip()
    if not _TOKEN.match(token):
        raise ConfigurationError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon and "
            "about 35 letters, e.g. 123456789:AAE...)."
        )
    return token


def build_application(
    services: Services,
    token: str,
    *,
    base_url: str | None = None,
    rate_limiter: bool = True,
) -> JurisApplication:
    # Opt in to PTB's coming behaviour (RetryAfter.retry_after as a timedelta) now, instead of
    # a deprecation warning on every 429.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    requests = (
        AiohttpRequest(connection_pool_size=CONCURRENT_UPDATES + 8),
        AiohttpRequest(connection_pool_size=1, read_timeout=None),
    )
    builder: Any = (
        Application.builder()
        .token(token)
        .context_types(ContextTypes(context=JurisContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        # Residents are answered concurrently, but within one HTTP connection pool: hundreds
        # of simultaneous requests cost more in pool contention than they gain.
        .concurrent_updates(CONCURRENT_UPDATES)
        # PTB's request interface on aiohttp: measured faster than the default httpx stack
        # (benchmarks/telegram_throughput.py); long polling gets a request object of its own.
        .request(requests[0])
        .get_updates_request(requests[1])
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot"))
    if rate_limiter:
        # Keeps every call within Telegram's flood limits and retries after a 429.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    application: JurisApplication = builder.build()
    application.bot_data.services = services
    application.bot_data.requests = requests
    _register(application)
    return application


def _register(application: JurisApplication) -> None:
    """Handlers in the order they are tried."""
    # Group -2 runs first of all: someone over their flood allowance stops here.
    settings = application.bot_data.services.settings
    guard = FloodGuard(settings.flood_burst, settings.flood_rate)
    application.add_handler(flood.FloodHandler(guard), group=-2)
    # Group -1 runs first: staff commands from anyone without the role stop here.
    application.add_handler(MessageHandler(filters.COMMAND, staff.guard), group=-1)
    commands = {
        "start": residents.start,
        "help": residents.help_command,
        "states": residents.states,
        "state": residents.state,
        "policy": residents.policy,
        "privacy": residents.privacy,
        "language": choose_language.language,
        "report": staff.report,
        "subscribe": subscriptions.subscribe,
        "unsubscribe": subscriptions.unsubscribe,
        "subscriptions": subscriptions.subscriptions,
        "forget": subscriptions.forget,
        # organizers and maintainers
        "broadcast": broadcasts.broadcast,
        "broadcasts": broadcasts.broadcasts,
        # maintainers (the guard has checked the role)
        "setdate": editing.setdate,
        "addpolicy": editing.addpolicy,
        "history": editing.history,
        "revert": editing.revert,
        "audit": staff.audit,
        "stale": staff.stale,
        "reports": staff.reports,
        "grant": staff.grant,
        "revoke": staff.revoke,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(filters.COMMAND & private, staff.unknown_command))
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text & private, residents.text))
    addressed = text & filters.ChatType.GROUPS & AddressedToBot(application.bot)
    application.add_handler(MessageHandler(addressed, residents.text))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_error_handler(errors.on_error)


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The command menu and descriptions, in every language we speak."""
    bot = application.bot
    for language in available_languages():
        # The source language is every user's default; others apply to their speakers.
        code = None if language == SOURCE_LANGUAGE else language
        await bot.set_my_commands(
            [BotCommand(name, phrase(language, text)) for name, text in phrases.COMMANDS.items()],
            language_code=code,
        )
        await bot.set_my_description(phrase(language, phrases.DESCRIPTION), language_code=code)
        await bot.set_my_short_description(
            phrase(language, phrases.SHORT_DESCRIPTION), language_code=code
        )
    services: Services = application.bot_data.services
    for user_id, role in services.staff.staff().items():
        await show_staff_menu(bot, user_id, role)
    await _start_sender(application, services)


async def _start_sender(
    application: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> None:
    """The broadcast sender: its own Bot (own connection pool), separate from the replies."""
    settings = services.settings
    bot = broadcast_bot(application.bot.token, _base_url(application), pool=32)
    await bot.initialize()

    async def finished(broadcast: BroadcastRow, progress: Progress) -> None:
        html = services.renderer.render_template(
            "telegram/broadcast/finished.html.j2", "en", broadcast=broadcast, progress=progress
        )
        await TelegramTransport(bot).send(broadcast.created_by, html)

    sender = BroadcastSender(
        services.database,
        TelegramTransport(bot),
        services.broadcasts.render,
        rate=settings.broadcast_rate,
        on_finished=finished,
    )
    services.broadcasts.wake = sender.wake
    application.bot_data.sender = sender
    application.bot_data.sender_bot = bot
    sender.start()


async def _post_stop(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the sender cleanly: in-flight deliveries finish and are recorded."""
    data: BotData = application.bot_data
    if data.sender is not None:
        await data.sender.stop()
        data.sender = None
    if data.sender_bot is not None:
        await data.sender_bot.shutdown()
        data.sender_bot = None


def _base_url(application: Application[Any, Any, Any, Any, Any, Any]) -> str | None:
    base = application.bot.base_url
    token = application.bot.token
    default = "https://api.telegram.org/bot"
    url = base[: -len(token)] if base.endswith(token) else base
    return None if url == default else url


def run(settings: Settings, *, bootstrap_retries: int = BOOTSTRAP_RETRIES) -> int:
    """``jurisbot run``: long polling until SIGINT or SIGTERM."""
    try:
        token = check_token(settings.telegram_bot_token)
    except ConfigurationError as error:
        print(f"jurisbot: {error}", file=sys.stderr)
        return exits.CONFIGURATION
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token
    shorten_telegram_errors()
    services = build_services(settings)
    api = settings.telegram_api_base_url or "https://api.telegram.org/bot"
    application = build_application(services, token, base_url=settings.telegram_api_base_url)
    log.info("jurisbot is polling for updates")
    try:
        application.run_polling(
            allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY],
            close_loop=False,
            bootstrap_retries=bootstrap_retries,
        )
    except InvalidToken:
        print(
            "jurisbot: Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): the token was "
            "revoked or mistyped; @BotFather shows the bot's current token.",
            file=sys.stderr,
        )
        return exits.CONFIGURATION
    # Only start-up failures get here: once polling, PTB retries and the error handler answers.
    except (BadRequest, Forbidden, Conflict) as error:  # (PTB makes BadRequest a NetworkError)
        print(f"jurisbot: the Bot API at {api} refused a start-up call: {error}", file=sys.stderr)
        return exits.FAILED
    except NetworkError as error:
        print(f"jurisbot: could not reach the Bot API at {api}: {error}", file=sys.stderr)
        return exits.UNAVAILABLE
    except TelegramError as error:  # flood control that outlasted the retries, and the like
        print(f"jurisbot: could not start with the Bot API at {api}: {error}", file=sys.stderr)
        return exits.UNAVAILABLE
    finally:
        _close(application)
        services.close()
    return 0


def _close(application: JurisApplication) -> None:
    """Close the HTTP clients a failed start left open (a clean stop has closed them)."""
    loop = asyncio.get_event_loop()
    for request in application.bot_data.requests:
        loop.run_until_complete(request.shutdown())
