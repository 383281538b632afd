"""Helpers wiring python-telegram-bot to a :class:`TelegramFake`."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from telegram.ext import Application, ApplicationBuilder

from .telegram_api import TelegramFake

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
AppT = TypeVar("AppT", bound=AnyApplication)


def application_builder(fake: TelegramFake) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """``ApplicationBuilder`` pointed at the fake (token, base_url, base_file_url)."""
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = ApplicationBuilder()
    return builder.token(fake.token).base_url(fake.base_url).base_file_url(fake.base_file_url)


@asynccontextmanager
async def running_application(
    app: AppT,
    *,
    poll_timeout: float = 10.0,
    allowed_updates: Sequence[str] | None = None,
    drop_pending_updates: bool | None = None,
) -> AsyncIterator[AppT]:
    """initialize → start → start_polling, and the reverse on exit (always, cleanly), calling
    the post_init / post_stop / post_shutdown hooks where ``run_polling`` would."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    try:
        await app.start()
        try:
            updater = app.updater
            if updater is None:
                raise RuntimeError("the application was built without an Updater")
            await updater.start_polling(
                poll_interval=0,
                timeout=dtm.timedelta(seconds=poll_timeout),
                allowed_updates=allowed_updates,
                drop_pending_updates=drop_pending_updates,
            )
            try:
                yield app
            finally:
                await updater.stop()
        finally:
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
