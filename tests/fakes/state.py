"""The fake's world: the bot, users and chats, messages, queries, settings and update queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import errors
from .entities import ParsedText
from .errors import ApiError, bad_request
from .models import (
    JSON,
    BotIdentity,
    CallbackQueryState,
    Clock,
    FakeChat,
    FakeFile,
    FakeUser,
    FloodLimits,
    InlineQueryState,
    MessageSnapshot,
    ScriptedFault,
    StoredMessage,
    WebhookState,
)
from .params import Params
from .recorder import Recorder

UPDATE_RETENTION_SECONDS = 24 * 3600
UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
# What Telegram delivers when allowed_updates was never set or set to [].
DEFAULT_ALLOWED_UPDATES = UPDATE_TYPES - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}


@dataclass
class QueuedUpdate:
    update_id: int
    payload: JSON
    created_at: float


class UpdateQueue:
    """Telegram's per-bot update queue with getUpdates offset semantics."""

    def __init__(self, first_update_id: int) -> None:
        self.next_id = first_update_id
        self.pending: list[QueuedUpdate] = []

    def push(self, payload: JSON, now: float) -> int:
        update_id = self.next_id
        self.next_id += 1
        self.pending.append(QueuedUpdate(update_id, {"update_id": update_id, **payload}, now))
        return update_id

    def confirm(self, offset: int) -> None:
        """offset > 0 confirms updates below it; offset < 0 keeps only the last -offset."""
        if offset > 0:
            self.pending = [u for u in self.pending if u.update_id >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def take(self, limit: int, now: float) -> list[JSON]:
        self.pending = [u for u in self.pending if now - u.created_at < UPDATE_RETENTION_SECONDS]
        return [u.payload for u in self.pending[:limit]]

    def clear(self) -> None:
        self.pending.clear()


@dataclass
class PollWaiter:
    """A getUpdates request that is parked in long polling."""

    terminated: bool = False


@dataclass
class BotSettings:
    commands: dict[tuple[tuple[Any, ...], str], list[JSON]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    short_descriptions: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


class FakeState:
    def __init__(
        self,
        *,
        token: str,
        bot_username: str,
        bot_first_name: str,
        strict_html: bool,
        callback_query_ttl: float,
        inline_query_ttl: float,
        first_update_id: int,
    ) -> None:
        self.token = token
        self.bot = BotIdentity(
            id=int(token.split(":", 1)[0]),
            first_name=bot_first_name,
            username=bot_username,
            is_bot=True,
        )
        self.strict_html = strict_html
        self.callback_query_ttl = callback_query_ttl
        self.inline_query_ttl = inline_query_ttl
        self.clock = Clock()
        self.recorder = Recorder()
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self._message_ids: dict[int, int] = {}
        self.updates = UpdateQueue(first_update_id)
        self.allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.inline_queries: dict[str, InlineQueryState] = {}
        self._query_ids = 0
        self.settings = BotSettings()
        self.webhook: WebhookState | None = None
        self.files: dict[str, FakeFile] = {}
        self.faults: list[ScriptedFault] = []
        self.flood: FloodLimits | None = None
        self.latency = 0.0
        self.closing = False
        self.closed_by_bot = False
        self.logged_out = False
        self.active_poll: PollWaiter | None = None
        self.waiting_polls = 0

    # -- chats ---------------------------------------------------------------------------
    def find_chat(self, value: Any) -> FakeChat | None:
        """Resolve a chat_id value: an integer id or an ``@username``."""
        if isinstance(value, int) and not isinstance(value, bool):
            return self.chats.get(value)
        if isinstance(value, str) and value.startswith("@"):
            wanted = value[1:].lower()
            return next(
                (c for c in self.chats.values() if (c.username or "").lower() == wanted), None
            )
        return None

    def chat_from_params(self, params: Params, name: str = "chat_id") -> FakeChat:
        value = params.raw(name)
        if value is None or value == "":
            raise bad_request(errors.CHAT_ID_EMPTY)
        chat = self.find_chat(value)
        if chat is None:
            raise bad_request(errors.CHAT_NOT_FOUND)
        return chat

    def check_can_send(self, chat: FakeChat) -> None:
        if chat.forbidden is not None:
            raise ApiError(403, chat.forbidden)
        if chat.type == "private" and not chat.started:
            raise ApiError(403, errors.CANT_INITIATE)

    # -- messages ------------------------------------------------------------------------
    def next_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def get_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        message = self.messages.get((chat_id, message_id))
        return None if message is None or message.deleted else message

    def add_message(
        self,
        chat: FakeChat,
        *,
        sender: FakeUser,
        parsed: ParsedText,
        source_text: str,
        parse_mode: str | None,
        reply_markup: JSON | None,
        method: str,
        reply_to: StoredMessage | None = None,
    ) -> StoredMessage:
        message_id = self.next_message_id(chat.id)
        date = self.clock.date()
        snapshot = MessageSnapshot(
            chat_id=chat.id,
            message_id=message_id,
            method=method,
            text=parsed.text,
            source_text=source_text,
            parse_mode=parse_mode,
            entities=parsed.entities_api(),
            reply_markup=reply_markup,
            seq=self.recorder.next_seq(),
            date=date,
        )
        message = StoredMessage(
            chat_id=chat.id,
            message_id=message_id,
            from_bot=sender.is_bot,
            sender=sender.to_api(),
            chat=chat.to_api(),
            date=date,
            versions=[snapshot],
            reply_to=reply_to,
        )
        self.messages[(chat.id, message_id)] = message
        if sender.is_bot:
            self.recorder.snapshots.append(snapshot)
        return message

    def edit_message(
        self,
        message: StoredMessage,
        *,
        method: str,
        parsed: ParsedText | None = None,
        source_text: str | None = None,
        parse_mode: str | None = None,
        reply_markup: JSON | None,
    ) -> MessageSnapshot:
        current = message.current
        snapshot = MessageSnapshot(
            chat_id=message.chat_id,
            message_id=message.message_id,
            method=method,
            text=current.text if parsed is None else parsed.text,
            source_text=current.source_text if source_text is None else source_text,
            parse_mode=current.parse_mode if parsed is None else parse_mode,
            entities=current.entities if parsed is None else parsed.entities_api(),
            reply_markup=reply_markup,
            seq=self.recorder.next_seq(),
            date=message.date,
            edit_date=self.clock.date(),
        )
        message.versions.append(snapshot)
        self.recorder.snapshots.append(snapshot)
        return snapshot

    # -- queries -------------------------------------------------------------------------
    def new_query_id(self) -> str:
        self._query_ids += 1
        return str(4_611_686_018_427_387_904 + self.bot.id * 1000 + self._query_ids)

    def live_callback_query(self, query_id: str | None) -> CallbackQueryState:
        query = self.callback_queries.get(query_id or "")
        if (
            query is None
            or query.answer is not None
            or self.clock.now() - query.created_at > self.callback_query_ttl
        ):
            raise bad_request(errors.QUERY_TOO_OLD)
        return query

    def live_inline_query(self, query_id: str | None) -> InlineQueryState:
        query = self.inline_queries.get(query_id or "")
        if (
            query is None
            or query.answer is not None
            or self.clock.now() - query.created_at > self.inline_query_ttl
        ):
            raise bad_request(errors.QUERY_TOO_OLD)
        return query

    # -- updates -------------------------------------------------------------------------
    def enqueue(self, payload: JSON) -> tuple[int, bool]:
        """Queue an update unless allowed_updates excludes its type; (update_id, queued)."""
        kind = next(iter(payload))
        if kind not in self.allowed_updates:
            update_id = self.updates.next_id
            self.updates.next_id += 1
            return update_id, False
        return self.updates.push(payload, self.clock.now()), True
