"""Readable logs for operators: PTB logs every failed Bot API call with its full traceback
(about a hundred lines for "connection refused"). For Telegram's own errors the message says
all an operator needs, so those become one line; every other traceback (a bug) is kept."""

from __future__ import annotations

import logging

from telegram.error import TelegramError


class OneLineTelegramErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.name.startswith("telegram") and isinstance(error, TelegramError):
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def shorten_telegram_errors() -> None:
    """Install the filter on the root logger's handlers (where PTB's records end up)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, OneLineTelegramErrors) for f in handler.filters):
            handler.addFilter(OneLineTelegramErrors())
