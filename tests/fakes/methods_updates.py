"""getUpdates (real long polling) and the webhook methods."""

from __future__ import annotations

import asyncio
from typing import Any

from . import errors
from .errors import ApiError, bad_request
from .models import WebhookState
from .params import Params
from .results import OkWithDescription
from .state import DEFAULT_ALLOWED_UPDATES, UPDATE_TYPES, FakeState, PollWaiter


def _allowed_updates(params: Params) -> frozenset[str] | None:
    if not params.has("allowed_updates"):
        return None
    value = params.get_json(
        "allowed_updates", invalid="Bad Request: can't parse allowed_updates JSON array"
    )
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise bad_request("Bad Request: can't parse allowed_updates JSON array")
    wanted = frozenset(item for item in value if item in UPDATE_TYPES)
    return wanted or DEFAULT_ALLOWED_UPDATES


async def get_updates(state: FakeState, params: Params) -> Any:
    if state.webhook is not None:
        raise ApiError(409, errors.WEBHOOK_ACTIVE)
    offset = params.get_int("offset", invalid="Bad Request: wrong parameter offset") or 0
    limit = params.get_int("limit", invalid="Bad Request: wrong parameter limit") or 100
    limit = min(max(limit, 1), 100)
    timeout = params.get_number("timeout", invalid="Bad Request: wrong parameter timeout") or 0
    timeout = max(timeout, 0.0)
    allowed = _allowed_updates(params)
    if allowed is not None:
        state.allowed_updates = allowed
    state.updates.confirm(offset)

    # Like Telegram, a new getUpdates request terminates the one still waiting.
    if state.active_poll is not None:
        state.active_poll.terminated = True
    poll = PollWaiter()
    state.active_poll = poll
    changed = state.recorder.changed
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        async with changed:
            changed.notify_all()  # wake the poll we terminated (and wait_for_poller callers)
            while True:
                if poll.terminated:
                    raise ApiError(409, errors.POLL_TERMINATED)
                updates = state.updates.take(limit, state.clock.now())
                remaining = deadline - loop.time()
                if updates or state.closing or remaining <= 0:
                    return updates
                state.waiting_polls += 1
                changed.notify_all()
                try:
                    async with asyncio.timeout(remaining):
                        await changed.wait()
                except TimeoutError:
                    pass
                finally:
                    state.waiting_polls -= 1
    finally:
        if state.active_poll is poll:
            state.active_poll = None


async def set_webhook(state: FakeState, params: Params) -> Any:
    url = params.get_str("url") or ""
    if params.get_bool("drop_pending_updates"):
        state.updates.clear()
    if not url:
        had = state.webhook is not None
        state.webhook = None
        return OkWithDescription(
            True, "Webhook was deleted" if had else "Webhook is already deleted"
        )
    if not url.startswith("https://"):
        raise bad_request(errors.WEBHOOK_HTTPS_REQUIRED)
    allowed = _allowed_updates(params)
    if allowed is not None:
        state.allowed_updates = allowed
    max_connections = params.get_int(
        "max_connections", invalid="Bad Request: wrong parameter max_connections"
    )
    if max_connections is not None and not 1 <= max_connections <= 100:
        raise bad_request("Bad Request: max_connections must be between 1 and 100")
    secret = params.get_str("secret_token")
    if secret is not None and (
        not 1 <= len(secret) <= 256
        or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in secret)
    ):
        raise bad_request("Bad Request: secret token contains unallowed characters")
    state.webhook = WebhookState(
        url=url,
        allowed_updates=sorted(state.allowed_updates) if allowed is not None else None,
        max_connections=max_connections or 40,
        secret_token=secret,
    )
    return OkWithDescription(True, "Webhook was set")


async def delete_webhook(state: FakeState, params: Params) -> Any:
    if params.get_bool("drop_pending_updates"):
        state.updates.clear()
    had = state.webhook is not None
    state.webhook = None
    return OkWithDescription(True, "Webhook was deleted" if had else "Webhook is already deleted")


async def get_webhook_info(state: FakeState, params: Params) -> Any:
    info: dict[str, Any] = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates.pending),
    }
    if state.webhook is not None:
        info["url"] = state.webhook.url
        info["max_connections"] = state.webhook.max_connections
        if state.webhook.allowed_updates is not None:
            info["allowed_updates"] = list(state.webhook.allowed_updates)
    return info
