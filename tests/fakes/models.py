"""Plain data kept by the fake: users, chats, messages, recorded calls, injected updates."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError
from .markup import callback_data_of

JSON = dict[str, Any]


class Clock:
    """Wall clock of the fake; tests can move it forward to expire queries and updates."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def date(self) -> int:
        return int(self.now())

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class FakeUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass
class BotIdentity(FakeUser):
    """The bot itself, as getMe returns it."""

    can_join_groups: bool = True
    can_read_all_group_messages: bool = False
    supports_inline_queries: bool = True

    def to_api(self) -> JSON:
        data = super().to_api()
        data.update(
            can_join_groups=self.can_join_groups,
            can_read_all_group_messages=self.can_read_all_group_messages,
            supports_inline_queries=self.supports_inline_queries,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
        return data


@dataclass
class FakeChat:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    started: bool = True  # private chats: has the user ever started the bot?
    forbidden: str | None = None  # a 403 description answered to every send

    def to_api(self) -> JSON:
        data: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class MessageSnapshot:
    """One version of a message: as sent, or after an edit."""

    chat_id: int
    message_id: int
    method: str  # sendMessage | editMessageText | editMessageReplyMarkup | (user) message
    text: str  # plain text after entity parsing and trimming
    source_text: str  # the text exactly as the bot sent it (HTML/Markdown source)
    parse_mode: str | None
    entities: list[JSON]
    reply_markup: JSON | None  # inline keyboard, or None
    seq: int
    date: int
    edit_date: int | None = None

    @property
    def html(self) -> str:
        return self.source_text

    @property
    def callback_data(self) -> list[str]:
        return callback_data_of(self.reply_markup)

    @property
    def is_edit(self) -> bool:
        return self.method != "sendMessage" and self.edit_date is not None


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    from_bot: bool
    sender: JSON
    chat: JSON
    date: int
    versions: list[MessageSnapshot]
    reply_to: StoredMessage | None = None
    deleted: bool = False

    @property
    def current(self) -> MessageSnapshot:
        return self.versions[-1]

    @property
    def text(self) -> str:
        return self.current.text

    @property
    def source_text(self) -> str:
        return self.current.source_text

    @property
    def html(self) -> str:
        return self.current.source_text

    @property
    def parse_mode(self) -> str | None:
        return self.current.parse_mode

    @property
    def entities(self) -> list[JSON]:
        return self.current.entities

    @property
    def reply_markup(self) -> JSON | None:
        return self.current.reply_markup

    @property
    def callback_data(self) -> list[str]:
        return self.current.callback_data

    @property
    def buttons(self) -> list[JSON]:
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def edit_date(self) -> int | None:
        return self.current.edit_date

    def to_api(self, *, with_reply: bool = True) -> JSON:
        data: JSON = {
            "message_id": self.message_id,
            "from": dict(self.sender),
            "chat": dict(self.chat),
            "date": self.date,
            "text": self.text,
        }
        if self.entities:
            data["entities"] = [dict(entity) for entity in self.entities]
        if self.reply_markup is not None:
            data["reply_markup"] = self.reply_markup
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if with_reply and self.reply_to is not None:
            data["reply_to_message"] = self.reply_to.to_api(with_reply=False)
        return data


@dataclass(frozen=True)
class RecordedCall:
    """One request the bot made, with the answer the fake gave."""

    seq: int
    method: str  # canonical name ("sendMessage"), or the raw name for unknown methods
    params: JSON  # normalised: JSON fields decoded, integer/boolean fields converted
    http_status: int
    response: JSON
    started_at: float  # time.monotonic()
    finished_at: float  # time.monotonic()
    timestamp: float  # the fake's wall clock at completion
    scripted: bool = False  # answered by fail_next()/block_user() scripting

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def error_code(self) -> int | None:
        code = self.response.get("error_code")
        return code if isinstance(code, int) else None

    @property
    def description(self) -> str | None:
        value = self.response.get("description")
        return value if isinstance(value, str) else None

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")


@dataclass(frozen=True)
class InjectedUpdate:
    """An update the test injected; ``queued`` is False if allowed_updates filtered it out."""

    seq: int
    update_id: int
    payload: JSON
    queued: bool

    @property
    def kind(self) -> str:
        return next(key for key in self.payload if key != "update_id")

    @property
    def message(self) -> JSON | None:
        value = self.payload.get("message") or self.payload.get("edited_message")
        return value if isinstance(value, dict) else None

    @property
    def chat_id(self) -> int | None:
        message = self.message
        if message is None and "callback_query" in self.payload:
            message = self.payload["callback_query"].get("message")
        if message is None:
            return None
        chat_id = message["chat"]["id"]
        return chat_id if isinstance(chat_id, int) else None

    @property
    def message_id(self) -> int | None:
        message = self.message
        return None if message is None else int(message["message_id"])


@dataclass
class ScriptedFault:
    method: str  # lower-case method name, or "*" for any method
    error_code: int
    description: str
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    chat_id: int | str | None = None
    remaining: int = 1

    def matches(self, method: str, params: JSON) -> bool:
        if self.remaining <= 0 or self.method not in ("*", method.lower()):
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    def to_error(self) -> ApiError:
        parameters: JSON = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        return ApiError(self.error_code, self.description, parameters or None)


@dataclass
class CallbackQueryState:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created_at: float
    answer: JSON | None = None


@dataclass
class InlineQueryState:
    id: str
    user_id: int
    query: str
    offset: str
    created_at: float
    answer: JSON | None = None


@dataclass
class WebhookState:
    url: str
    allowed_updates: list[str] | None = None
    max_connections: int = 40
    secret_token: str | None = None


@dataclass
class FakeFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes


@dataclass
class FloodLimits:
    """Opt-in automatic 429s (Telegram's documented soft limits are the defaults)."""

    global_per_second: int | None = 30
    per_chat_per_second: int | None = 1
    per_group_per_minute: int | None = 20
    retry_after: int | None = None  # None: seconds until the window frees up
    methods: frozenset[str] = field(
        default_factory=lambda: frozenset({"sendmessage", "editmessagetext"})
    )
