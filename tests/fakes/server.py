"""The aiohttp application: routing, authentication, scripted faults, flood control, recording."""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from . import errors, methods_bot, methods_messages, methods_queries, methods_updates
from .errors import ApiError, too_many_requests
from .models import JSON, RecordedCall, ScriptedFault
from .params import Params, read_params
from .results import OkWithDescription
from .state import FakeState

Handler = Callable[[FakeState, Params], Awaitable[Any]]
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")

_HANDLERS: list[tuple[str, Handler]] = [
    ("getMe", methods_bot.get_me),
    ("getUpdates", methods_updates.get_updates),
    ("setWebhook", methods_updates.set_webhook),
    ("deleteWebhook", methods_updates.delete_webhook),
    ("getWebhookInfo", methods_updates.get_webhook_info),
    ("sendMessage", methods_messages.send_message),
    ("editMessageText", methods_messages.edit_message_text),
    ("editMessageReplyMarkup", methods_messages.edit_message_reply_markup),
    ("deleteMessage", methods_messages.delete_message),
    ("sendChatAction", methods_messages.send_chat_action),
    ("answerCallbackQuery", methods_queries.answer_callback_query),
    ("answerInlineQuery", methods_queries.answer_inline_query),
    ("setMyCommands", methods_bot.set_my_commands),
    ("getMyCommands", methods_bot.get_my_commands),
    ("deleteMyCommands", methods_bot.delete_my_commands),
    ("setMyDescription", methods_bot.set_my_description),
    ("getMyDescription", methods_bot.get_my_description),
    ("setMyShortDescription", methods_bot.set_my_short_description),
    ("getMyShortDescription", methods_bot.get_my_short_description),
    ("setMyName", methods_bot.set_my_name),
    ("getMyName", methods_bot.get_my_name),
    ("getFile", methods_bot.get_file),
    ("close", methods_bot.close),
    ("logOut", methods_bot.log_out),
]
# Telegram method names are case-insensitive.
METHODS: dict[str, tuple[str, Handler]] = {
    name.lower(): (name, handler) for name, handler in _HANDLERS
}


def _check_token(state: FakeState, token: str) -> None:
    if not _TOKEN.match(token):
        raise ApiError(404, errors.NOT_FOUND)
    if token != state.token:
        raise ApiError(401, errors.UNAUTHORIZED)


class FakeServer:
    def __init__(self, state: FakeState, host: str = "127.0.0.1") -> None:
        self.state = state
        self.host = host
        self.port = 0
        self._runner: web.AppRunner | None = None
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._file)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self.app = app

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        runner = web.AppRunner(
            self.app, handler_cancellation=True, access_log=None, shutdown_timeout=2.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, 0)
        await site.start()
        self._runner = runner
        address = runner.addresses[0]
        self.port = int(address[1])

    async def stop(self) -> None:
        self.state.closing = True
        await self.state.recorder.notify()  # long polls return [] right away
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- routes --------------------------------------------------------------------------
    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, errors.NOT_FOUND).to_api(), status=404)

    async def _file(self, request: web.Request) -> web.StreamResponse:
        try:
            _check_token(self.state, request.match_info["token"])
        except ApiError as exc:
            return web.json_response(exc.to_api(), status=exc.error_code)
        path = request.match_info["path"]
        for file in self.state.files.values():
            if file.file_path == path:
                return web.Response(body=file.content, content_type="application/octet-stream")
        return web.json_response(ApiError(404, errors.NOT_FOUND).to_api(), status=404)

    async def _api(self, request: web.Request) -> web.Response:
        state = self.state
        started = time.monotonic()
        method = request.match_info["method"]
        params = Params()
        scripted = False
        try:
            _check_token(state, request.match_info["token"])
            params = await read_params(request)
            entry = METHODS.get(method.lower())
            if entry is None:
                raise ApiError(404, errors.NOT_FOUND)
            method, handler = entry
            if state.latency > 0:
                await asyncio.sleep(state.latency)
            fault = self._take_fault(method, params)
            if fault is not None:
                scripted = True
                raise fault.to_error()
            self._check_flood(method, params, started)
            result = await handler(state, params)
            if isinstance(result, OkWithDescription):
                body: JSON = {
                    "ok": True,
                    "result": result.result,
                    "description": result.description,
                }
            else:
                body = {"ok": True, "result": result}
            status = 200
        except ApiError as exc:
            body, status = exc.to_api(), exc.error_code
        body = json.loads(json.dumps(body))  # a private, JSON-clean copy for the record
        recorder = state.recorder
        recorder.add_call(
            RecordedCall(
                seq=recorder.next_seq(),
                method=method,
                params=json.loads(json.dumps(params.values, default=str)),
                http_status=status,
                response=body,
                started_at=started,
                finished_at=time.monotonic(),
                timestamp=state.clock.now(),
                scripted=scripted,
            )
        )
        await recorder.notify()
        return web.json_response(body, status=status)

    def _take_fault(self, method: str, params: Params) -> ScriptedFault | None:
        for fault in self.state.faults:
            if fault.matches(method, params.values):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.state.faults.remove(fault)
                return fault
        return None

    def _check_flood(self, method: str, params: Params, now: float) -> None:
        limits = self.state.flood
        if limits is None or method.lower() not in limits.methods:
            return
        times = [
            (call.started_at, call.params.get("chat_id"))
            for call in self.state.recorder.calls
            if call.ok and call.method.lower() in limits.methods
        ]
        chat_id = params.raw("chat_id")
        chat = self.state.find_chat(chat_id)
        is_group = chat is not None and chat.type in ("group", "supergroup")
        checks: list[tuple[int | None, float, list[float]]] = [
            (limits.global_per_second, 1.0, [t for t, _ in times]),
            (
                limits.per_group_per_minute if is_group else limits.per_chat_per_second,
                60.0 if is_group else 1.0,
                [t for t, c in times if c == chat_id],
            ),
        ]
        for limit, window, stamps in checks:
            if limit is None:
                continue
            recent = [t for t in stamps if now - t < window]
            if len(recent) >= limit:
                wait = window - (now - recent[-limit])
                raise too_many_requests(limits.retry_after or max(1, math.ceil(wait)))
