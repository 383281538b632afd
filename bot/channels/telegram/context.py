"""A typed context: handlers reach the services as ``context.services``, not string keys."""

from __future__ import annotations

from typing import Any

from telegram import Bot
from telegram.ext import Application, CallbackContext, ExtBot
from telegram.request import BaseRequest

from bot.app import Services
from bot.broadcast.worker import BroadcastSender


class BotData:
    """PTB's bot_data: holds the services of the running bot."""

    services: Services
    sender: BroadcastSender | None = None
    sender_bot: Bot | None = None
    # The bot's HTTP clients, closed by ``jurisbot run`` even when start-up failed half-way.
    requests: tuple[BaseRequest, ...] = ()


class JurisContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        return self.bot_data.services


JurisApplication = Application[
    ExtBot[None], JurisContext, dict[Any, Any], dict[Any, Any], BotData, Any
]
