"""Broadcast deliveries over Telegram: a Bot of their own (own connection pool, no PTB rate
limiter: the sender paces itself and honours retry_after), and Telegram's answers classified."""

from __future__ import annotations

from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.broadcast.worker import Result, SendReport
from bot.channels.telegram.aiohttp_request import AiohttpRequest
from bot.channels.telegram.raw_send import send_html

GONE_BAD_REQUESTS = ("chat not found", "user not found", "peer_id_invalid")


def broadcast_bot(token: str, base_url: str | None, pool: int) -> Bot:
    request = AiohttpRequest(connection_pool_size=pool)
    if base_url:
        return Bot(token, base_url=base_url, request=request)
    return Bot(token, request=request)


class TelegramTransport:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, chat_id: int, html: str) -> SendReport:
        try:
            await send_html(self._bot, chat_id, html)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return SendReport(Result.RETRY_AFTER, retry_after=seconds, detail="429")
        except Forbidden as error:  # blocked, deactivated, can't initiate conversation
            return SendReport(Result.GONE, detail=error.message[:200])
        except BadRequest as error:
            if any(text in error.message.lower() for text in GONE_BAD_REQUESTS):
                return SendReport(Result.GONE, detail=error.message[:200])
            return SendReport(Result.REJECTED, detail=error.message[:200])
        except NetworkError as error:  # also 5xx answers and time-outs
            return SendReport(Result.TRANSIENT, detail=error.message[:200])
        except TelegramError as error:
            return SendReport(Result.TRANSIENT, detail=error.message[:200])
        return SendReport(Result.SENT)
