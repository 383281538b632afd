"""The Telegram fake in a process of its own, for benchmarks: the real Bot API does not share
the bot's CPU either. Prints one JSON line with its URLs, then serves until killed.

Control endpoints (a second small HTTP server):
  POST /inject  {"messages": [[user_id, text], ...]}  -> {"after": seq}
  POST /wait    {"count": N, "after": seq}            -> when N more replies were sent
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from aiohttp import web

from tests.fakes import TelegramFake


async def main(users: int) -> None:
    async with TelegramFake() as fake:
        for user in range(users):
            fake.add_user(10_000 + user, f"U{user}", "en")
        recorder = fake.state.recorder

        async def inject(request: web.Request) -> web.Response:
            body = await request.json()
            after = fake.mark()
            for user_id, text in body["messages"]:
                await fake.send_text(int(user_id), str(text))
            return web.json_response({"after": after})

        async def wait(request: web.Request) -> web.Response:
            body = await request.json()
            wanted, after = int(body["count"]), int(body["after"])
            position = next(
                (i for i, c in enumerate(recorder.calls) if c.seq > after), len(recorder.calls)
            )
            replies = 0

            def done() -> bool | None:
                nonlocal position, replies
                calls = recorder.calls
                while position < len(calls):
                    call = calls[position]
                    position += 1
                    replies += call.method == "sendMessage" and call.ok
                return True if replies >= wanted else None

            await recorder.wait_until(done, timeout=3600, what=f"{wanted} replies")
            return web.json_response({"replies": replies, "cpu": time.process_time()})

        control = web.Application()
        control.router.add_post("/inject", inject)
        control.router.add_post("/wait", wait)
        runner = web.AppRunner(control)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        print(
            json.dumps(
                {
                    "base_url": fake.base_url,
                    "token": fake.token,
                    "control": f"http://127.0.0.1:{port}",
                }
            ),
            flush=True,
        )
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
