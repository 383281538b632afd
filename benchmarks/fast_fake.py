"""A minimal, unthrottled Bot API stand-in for throughput benchmarks: answers sendMessage (and
the calls a Bot makes at start) with a well-formed result and does nothing else, so that the
sender, not the fake, is what is measured. The strict fake in tests/fakes checks correctness.

Prints one JSON line with its base_url and token; serves until killed; GET /count returns how
many messages it accepted."""

from __future__ import annotations

import asyncio
import json
import sys
import time

from aiohttp import web

TOKEN = "123456789:AAE-fast-fake-token_for-benchmarks-00"
BOT = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Bench",
    "username": "bench_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


async def main() -> None:
    accepted = 0

    async def api(request: web.Request) -> web.Response:
        nonlocal accepted
        method = request.match_info["method"].lower()
        if method == "getme":
            return web.json_response({"ok": True, "result": BOT})
        if method == "sendmessage":
            params = (
                await request.post()
                if request.content_type != "application/json"
                else await request.json()
            )
            accepted += 1
            result = {
                "message_id": accepted,
                "date": int(time.time()),
                "chat": {"id": int(str(params["chat_id"])), "type": "private"},
                "text": "ok",
            }
            return web.json_response({"ok": True, "result": result})
        return web.json_response({"ok": True, "result": True})

    async def count(_: web.Request) -> web.Response:
        return web.json_response({"accepted": accepted})

    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", api)
    app.router.add_get("/count", count)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    print(json.dumps({"base_url": f"http://127.0.0.1:{port}/bot", "token": TOKEN}), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
