"""``TelegramFake``: a real HTTP fake of the Telegram Bot API for tests.

PTB talks to it over its normal request stack::

    async with TelegramFake() as fake:
        app = (
            ApplicationBuilder()
            .token(fake.token)
            .base_url(fake.base_url)            # f"{fake.url}/bot"
            .base_file_url(fake.base_file_url)  # f"{fake.url}/file/bot"
            .build()
        )

The test drives users (:meth:`TelegramFake.send_text`, :meth:`press_button`,
:meth:`inline_query`) and observes the bot (:meth:`calls`, :meth:`sent_messages`,
:meth:`wait_for`, :meth:`wait_for_reply`).  Every wait is event driven.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Self

from . import errors
from .entities import ParsedText, detect_entities
from .errors import FakeUsageError
from .formatting import explicit_entities
from .models import (
    JSON,
    BotIdentity,
    CallbackQueryState,
    FakeChat,
    FakeFile,
    FakeUser,
    FloodLimits,
    InjectedUpdate,
    InlineQueryState,
    MessageSnapshot,
    RecordedCall,
    ScriptedFault,
    StoredMessage,
)
from .recorder import DEFAULT_SEND_METHODS
from .server import FakeServer
from .state import FakeState

DEFAULT_TOKEN = "123456789:AAE-fake-token_for-jurisbot-tests-0000"
After = int | InjectedUpdate | RecordedCall | MessageSnapshot | StoredMessage | None
MessageRef = StoredMessage | MessageSnapshot | JSON | tuple[int, int]


def _seq_of(after: After) -> int | None:
    if after is None:
        return None
    if isinstance(after, int):
        return after
    if isinstance(after, StoredMessage):
        return after.current.seq
    return after.seq


class TelegramFake:
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "jurisbot_test_bot",
        bot_first_name: str = "JurisBot",
        strict_html: bool = True,
        callback_query_ttl: float = 15.0,
        inline_query_ttl: float = 10.0,
        first_update_id: int = 1000,
        host: str = "127.0.0.1",
    ) -> None:
        self.state = FakeState(
            token=token,
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            strict_html=strict_html,
            callback_query_ttl=callback_query_ttl,
            inline_query_ttl=inline_query_ttl,
            first_update_id=first_update_id,
        )
        self._server = FakeServer(self.state, host)
        self._started = False

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        await self._server.start()
        self._started = True

    async def stop(self) -> None:
        if self._started:
            self._started = False
            await self._server.stop()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (the port is chosen by the OS)."""
        return self._server.url

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_user(self) -> BotIdentity:
        return self.state.bot

    # -- the world -----------------------------------------------------------------------
    def add_user(
        self,
        user_id: int,
        first_name: str = "Ana",
        language_code: str | None = "es",
        username: str | None = None,
        *,
        last_name: str | None = None,
        started: bool = True,
    ) -> FakeUser:
        """A user and their private chat (chat id == user id).  ``started=False``: the user
        never opened the bot, so sends fail with 403 "bot can't initiate conversation"."""
        user = FakeUser(user_id, first_name, last_name, username, language_code)
        self.state.users[user_id] = user
        self.state.chats[user_id] = FakeChat(
            id=user_id,
            type="private",
            username=username,
            first_name=first_name,
            last_name=last_name,
            started=started,
        )
        return user

    def add_group(
        self,
        chat_id: int,
        title: str,
        *,
        username: str | None = None,
        chat_type: str | None = None,
    ) -> FakeChat:
        """A group the bot is in; ids starting with -100 default to supergroups."""
        if chat_type is None:
            chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
        chat = FakeChat(id=chat_id, type=chat_type, title=title, username=username)
        self.state.chats[chat_id] = chat
        return chat

    def _chat(self, chat_id: int) -> FakeChat:
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise FakeUsageError(f"unknown chat {chat_id}; call add_user()/add_group() first")
        return chat

    def _user(self, user_id: int) -> FakeUser:
        user = self.state.users.get(user_id)
        if user is None:
            raise FakeUsageError(f"unknown user {user_id}; call add_user() first")
        return user

    def forbid_chat(self, chat_id: int, description: str | None) -> None:
        """Answer every send/edit/chat action to ``chat_id`` with 403 ``description``."""
        self._chat(chat_id).forbidden = description

    def block_user(self, chat_id: int) -> None:
        self.forbid_chat(chat_id, errors.BOT_BLOCKED)

    def unblock_user(self, chat_id: int) -> None:
        self.forbid_chat(chat_id, None)

    def deactivate_user(self, chat_id: int) -> None:
        self.forbid_chat(chat_id, errors.USER_DEACTIVATED)

    def kick_bot(self, chat_id: int) -> None:
        self.forbid_chat(chat_id, errors.BOT_KICKED)

    def add_file(self, content: bytes, file_path: str | None = None) -> str:
        """Register a downloadable file; returns its file_id (for getFile)."""
        digest = hashlib.sha256(content + (file_path or "").encode()).hexdigest()[:24]
        file_id = f"BQACAgIAAxk{digest}"
        path = file_path or f"documents/file_{len(self.state.files)}.bin"
        self.state.files[file_id] = FakeFile(file_id, f"AgAD{digest[:12]}", path, content)
        return file_id

    # -- scripting -----------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        chat_id: int | str | None = None,
        times: int = 1,
        migrate_to_chat_id: int | None = None,
    ) -> ScriptedFault:
        """Answer the next ``times`` calls of ``method`` ("*" = any) with this error, e.g.
        ``fail_next("sendMessage", error_code=429, description="Too Many Requests: retry
        after 3", retry_after=3)``.  ``chat_id`` restricts it to requests for that chat."""
        fault = ScriptedFault(
            method=method.lower(),
            error_code=error_code,
            description=description,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            chat_id=chat_id,
            remaining=times,
        )
        self.state.faults.append(fault)
        return fault

    def set_latency(self, seconds: float) -> None:
        """Delay every answer by ``seconds``."""
        self.state.latency = seconds

    def set_flood_limits(
        self,
        *,
        global_per_second: int | None = 30,
        per_chat_per_second: int | None = 1,
        per_group_per_minute: int | None = 20,
        retry_after: int | None = None,
        methods: Iterable[str] = ("sendMessage", "editMessageText"),
    ) -> None:
        """Opt in to automatic 429 answers when the bot exceeds these limits."""
        self.state.flood = FloodLimits(
            global_per_second,
            per_chat_per_second,
            per_group_per_minute,
            retry_after,
            frozenset(method.lower() for method in methods),
        )

    def disable_flood_limits(self) -> None:
        self.state.flood = None

    def advance_time(self, seconds: float) -> None:
        """Move the fake's clock forward (expires queries, ages messages and updates)."""
        self.state.clock.advance(seconds)

    # -- injecting updates ---------------------------------------------------------------
    async def inject_update(self, payload: JSON) -> InjectedUpdate:
        """Queue any update (``{"<type>": {...}}``; update_id is assigned)."""
        payload = {key: value for key, value in payload.items() if key != "update_id"}
        if len(payload) != 1:
            raise FakeUsageError("an update carries exactly one of the optional fields")
        update_id, queued = self.state.enqueue(payload)
        recorder = self.state.recorder
        injected = InjectedUpdate(
            recorder.next_seq(), update_id, {"update_id": update_id, **payload}, queued
        )
        recorder.add_injected(injected)
        await recorder.notify()
        return injected

    async def send_text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        entities: list[JSON] | None = None,
        *,
        reply_to: MessageRef | None = None,
    ) -> InjectedUpdate:
        """The user types ``text`` (in their private chat unless ``chat_id``).  Bot commands,
        @mentions and URLs get entities as a Telegram client would add them."""
        user = self._user(user_id)
        chat = self._chat(chat_id if chat_id is not None else user_id)
        if chat.type == "private":
            chat.started = True
            if chat.forbidden == errors.BOT_BLOCKED:
                chat.forbidden = None  # writing to a bot requires unblocking it
        if entities is None:
            parsed = ParsedText(text, detect_entities(text))
        else:
            parsed = explicit_entities(text, entities)
        reply_target = None
        if reply_to is not None:
            ref_chat, ref_id = self._message_ref(reply_to)
            reply_target = self.state.get_message(ref_chat, ref_id)
        message = self.state.add_message(
            chat,
            sender=user,
            parsed=parsed,
            source_text=text,
            parse_mode=None,
            reply_markup=None,
            method="message",
            reply_to=reply_target,
        )
        return await self.inject_update({"message": message.to_api()})

    @staticmethod
    def _message_ref(message: MessageRef) -> tuple[int, int]:
        if isinstance(message, (StoredMessage, MessageSnapshot)):
            return message.chat_id, message.message_id
        if isinstance(message, tuple):
            return message
        return int(message["chat"]["id"]), int(message["message_id"])

    async def press_button(
        self,
        user_id: int,
        message: MessageRef,
        callback_data: str,
        *,
        force: bool = False,
    ) -> str:
        """The user taps the inline button carrying ``callback_data`` on a bot message.

        The button must be on the message's *current* keyboard; ``force=True`` skips that
        check to simulate stale or forged data.  Returns the callback query id.
        """
        user = self._user(user_id)
        chat_id, message_id = self._message_ref(message)
        stored = self.state.get_message(chat_id, message_id)
        if not force:
            if stored is None or not stored.from_bot:
                raise FakeUsageError(f"no bot message {message_id} in chat {chat_id}")
            if callback_data not in stored.callback_data:
                raise FakeUsageError(
                    f"message {message_id} has no button with callback_data "
                    f"{callback_data!r}; its buttons carry {stored.callback_data!r}"
                )
        query_id = self.state.new_query_id()
        self.state.callback_queries[query_id] = CallbackQueryState(
            query_id, user_id, chat_id, message_id, callback_data, self.state.clock.now()
        )
        if stored is not None:
            message_json = stored.to_api()
        else:  # an InaccessibleMessage
            message_json = {
                "message_id": message_id,
                "chat": self._chat(chat_id).to_api(),
                "date": 0,
            }
        instance = int(hashlib.sha256(f"{chat_id}".encode()).hexdigest()[:15], 16)
        await self.inject_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_api(),
                    "message": message_json,
                    "chat_instance": str(instance),
                    "data": callback_data,
                }
            }
        )
        return query_id

    async def inline_query(self, user_id: int, query: str, offset: str = "") -> str:
        """The user types ``@bot query``; returns the inline query id."""
        user = self._user(user_id)
        query_id = self.state.new_query_id()
        self.state.inline_queries[query_id] = InlineQueryState(
            query_id, user_id, query, offset, self.state.clock.now()
        )
        await self.inject_update(
            {
                "inline_query": {
                    "id": query_id,
                    "from": user.to_api(),
                    "query": query,
                    "offset": offset,
                    "chat_type": "sender",
                }
            }
        )
        return query_id

    # -- observing -----------------------------------------------------------------------
    def mark(self) -> int:
        """Current event sequence number, for ``after=`` arguments."""
        return self.state.recorder.mark()

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Recorded requests (all, or of one method; names are case-insensitive)."""
        return self.state.recorder.calls_for(method)

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        """Every message of a chat (the users' and the bot's) in order."""
        found = [m for (c, _), m in self.state.messages.items() if c == chat_id]
        found.sort(key=lambda m: m.message_id)
        return [m for m in found if include_deleted or not m.deleted]

    def sent_messages(self, chat_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        """The bot's messages in a chat, each in its current (edited) state with history."""
        return [m for m in self.messages(chat_id, include_deleted=include_deleted) if m.from_bot]

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        return self.state.messages.get((chat_id, message_id))

    def last_sent(self, chat_id: int) -> StoredMessage | None:
        sent = self.sent_messages(chat_id)
        return sent[-1] if sent else None

    def callback_answer(self, query_id: str) -> JSON | None:
        query = self.state.callback_queries.get(query_id)
        return None if query is None else query.answer

    def inline_answer(self, query_id: str) -> JSON | None:
        query = self.state.inline_queries.get(query_id)
        return None if query is None else query.answer

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON] | None:
        """Commands stored by setMyCommands for a scope (default scope if None)."""
        kind = (scope or {"type": "default"})["type"]
        key: tuple[Any, ...] = (kind,)
        if scope is not None and "chat_id" in scope:
            key = (kind, scope["chat_id"], *((scope["user_id"],) if "user_id" in scope else ()))
        stored = self.state.settings.commands.get((key, language_code))
        return None if stored is None else [dict(command) for command in stored]

    def description(self, language_code: str = "") -> str | None:
        return self.state.settings.descriptions.get(language_code)

    def short_description(self, language_code: str = "") -> str | None:
        return self.state.settings.short_descriptions.get(language_code)

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        return [update.payload for update in self.state.updates.pending]

    @property
    def allowed_updates(self) -> frozenset[str]:
        return self.state.allowed_updates

    def send_times(
        self, chat_id: int | str | None = None, methods: Iterable[str] = DEFAULT_SEND_METHODS
    ) -> list[float]:
        return self.state.recorder.send_times(chat_id, methods)

    def max_rate(
        self,
        window: float = 1.0,
        chat_id: int | str | None = None,
        methods: Iterable[str] = DEFAULT_SEND_METHODS,
    ) -> int:
        """Most successful sends in any ``window``-second span (per chat or global)."""
        return self.state.recorder.max_rate(window, chat_id, methods)

    # -- waiting -------------------------------------------------------------------------
    async def wait_for(
        self,
        match: str | Callable[[RecordedCall], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        after: After = None,
    ) -> RecordedCall:
        """The first recorded call (successful or not) matching a method name or predicate
        that happened after ``after`` (default: after the most recently injected update;
        pass ``0`` to search the whole history)."""
        recorder = self.state.recorder
        since = _seq_of(after)
        if since is None:
            since = recorder.last_injection_seq
        predicate: Callable[[RecordedCall], bool]
        if isinstance(match, str):
            wanted = match.lower()
            predicate, what = (lambda call: call.method.lower() == wanted), f"a {match} call"
        else:
            predicate, what = match, "a matching call"

        def find() -> RecordedCall | None:
            return next((c for c in recorder.calls if c.seq > since and predicate(c)), None)

        return await recorder.wait_until(find, timeout=timeout, what=what)

    async def wait_for_reply(
        self,
        chat_id: int,
        *,
        after: After = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> MessageSnapshot:
        """The next message the bot sent or edited in ``chat_id`` (default: after the last
        update injected into that chat)."""
        recorder = self.state.recorder
        since = _seq_of(after)
        if since is None:
            since = recorder.last_injection_by_chat.get(chat_id, 0)

        def find() -> MessageSnapshot | None:
            return next(
                (s for s in recorder.snapshots if s.seq > since and s.chat_id == chat_id), None
            )

        return await recorder.wait_until(
            find, timeout=timeout, what=f"a bot message in chat {chat_id}"
        )

    async def wait_for_poller(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until a getUpdates request is parked in long polling."""
        state = self.state

        def find() -> bool | None:
            return True if state.waiting_polls > 0 else None

        await state.recorder.wait_until(find, timeout=timeout, what="a waiting getUpdates")

    async def wait_for_delivery(
        self,
        update: InjectedUpdate,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> RecordedCall:
        """The getUpdates call that handed ``update`` to the bot."""

        def delivered(call: RecordedCall) -> bool:
            result = call.result if call.method == "getUpdates" and call.ok else []
            return any(item.get("update_id") == update.update_id for item in result)

        return await self.wait_for(delivered, timeout=timeout, after=update.seq)

    async def wait_for_callback_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSON:
        return await self.state.recorder.wait_until(
            lambda: self.callback_answer(query_id),
            timeout=timeout,
            what=f"answerCallbackQuery({query_id})",
        )

    async def wait_for_inline_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSON:
        return await self.state.recorder.wait_until(
            lambda: self.inline_answer(query_id),
            timeout=timeout,
            what=f"answerInlineQuery({query_id})",
        )
