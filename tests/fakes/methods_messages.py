"""sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, sendChatAction."""

from __future__ import annotations

from typing import Any

from . import errors
from .entities import ParsedText
from .errors import bad_request
from .formatting import message_text
from .markup import validate_reply_markup
from .models import JSON, FakeChat, StoredMessage
from .params import Params
from .state import FakeState

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
DELETE_WINDOW_SECONDS = 48 * 3600


def parse_markup(params: Params, *, inline_only: bool) -> JSON | None:
    if not params.has("reply_markup"):
        return None
    raw = params.get_json("reply_markup", invalid=errors.REPLY_MARKUP_INVALID)
    return validate_reply_markup(raw, inline_only=inline_only)


def parse_message_text(state: FakeState, params: Params) -> tuple[str, ParsedText]:
    source = params.get_str("text")
    raw_entities = None
    if params.has("entities"):
        raw_entities = params.get_json(
            "entities", invalid=f"{errors.CANT_PARSE_ENTITIES}: can't parse entities JSON"
        )
    parsed = message_text(
        source, params.get_str("parse_mode"), raw_entities, strict_html=state.strict_html
    )
    return source or "", parsed


def _check_link_preview(params: Params) -> None:
    if params.has("link_preview_options"):
        value = params.get_json(
            "link_preview_options",
            invalid="Bad Request: can't parse link preview options JSON object",
        )
        if not isinstance(value, dict):
            raise bad_request("Bad Request: can't parse link preview options JSON object")


def _reply_target(state: FakeState, chat: FakeChat, params: Params) -> StoredMessage | None:
    reply_id: int | None = None
    allow_missing = params.get_bool("allow_sending_without_reply")
    target_chat = chat
    if params.has("reply_parameters"):
        raw = params.get_json(
            "reply_parameters", invalid="Bad Request: can't parse reply parameters JSON object"
        )
        if not isinstance(raw, dict) or not isinstance(raw.get("message_id"), int):
            raise bad_request("Bad Request: can't parse reply parameters JSON object")
        reply_id = raw["message_id"]
        allow_missing = bool(raw.get("allow_sending_without_reply", allow_missing))
        if raw.get("chat_id") is not None:
            other = state.find_chat(raw["chat_id"])
            if other is None:
                raise bad_request(errors.CHAT_NOT_FOUND)
            target_chat = other
    elif params.has("reply_to_message_id"):
        reply_id = params.get_int("reply_to_message_id", invalid=errors.MESSAGE_TO_REPLY_NOT_FOUND)
    if reply_id is None:
        return None
    target = state.get_message(target_chat.id, reply_id)
    if target is None and not allow_missing:
        raise bad_request(errors.MESSAGE_TO_REPLY_NOT_FOUND)
    return target


async def send_message(state: FakeState, params: Params) -> Any:
    chat = state.chat_from_params(params)
    state.check_can_send(chat)
    source, parsed = parse_message_text(state, params)
    markup = parse_markup(params, inline_only=False)
    _check_link_preview(params)
    reply_to = _reply_target(state, chat, params)
    message = state.add_message(
        chat,
        sender=state.bot,
        parsed=parsed,
        source_text=source,
        parse_mode=params.get_str("parse_mode"),
        reply_markup=markup,
        method="sendMessage",
        reply_to=reply_to,
    )
    return message.to_api()


def _message_to_edit(state: FakeState, params: Params) -> StoredMessage:
    if params.has("inline_message_id"):
        # The fake never creates inline messages, so every id is unknown.
        raise bad_request("Bad Request: MESSAGE_ID_INVALID")
    chat = state.chat_from_params(params)
    message_id = params.get_int("message_id", invalid=errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if message_id is None:
        raise bad_request(errors.MESSAGE_ID_EMPTY)
    state.check_can_send(chat)
    message = state.get_message(chat.id, message_id)
    if message is None:
        raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if not message.from_bot:
        raise bad_request(errors.MESSAGE_CANT_BE_EDITED)
    return message


async def edit_message_text(state: FakeState, params: Params) -> Any:
    source, parsed = parse_message_text(state, params)
    # Like Telegram: an edit without reply_markup removes the inline keyboard.
    markup = parse_markup(params, inline_only=True)
    _check_link_preview(params)
    message = _message_to_edit(state, params)
    if (
        parsed.text == message.text
        and parsed.entities_api() == message.entities
        and markup == message.reply_markup
    ):
        raise bad_request(errors.MESSAGE_NOT_MODIFIED)
    state.edit_message(
        message,
        method="editMessageText",
        parsed=parsed,
        source_text=source,
        parse_mode=params.get_str("parse_mode"),
        reply_markup=markup,
    )
    return message.to_api()


async def edit_message_reply_markup(state: FakeState, params: Params) -> Any:
    markup = parse_markup(params, inline_only=True)
    message = _message_to_edit(state, params)
    if markup == message.reply_markup:
        raise bad_request(errors.MESSAGE_NOT_MODIFIED)
    state.edit_message(message, method="editMessageReplyMarkup", reply_markup=markup)
    return message.to_api()


async def delete_message(state: FakeState, params: Params) -> Any:
    chat = state.chat_from_params(params)
    message_id = params.get_int("message_id", invalid=errors.MESSAGE_TO_DELETE_NOT_FOUND)
    if message_id is None:
        raise bad_request(errors.MESSAGE_ID_EMPTY)
    message = state.get_message(chat.id, message_id)
    if message is None:
        raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
    too_old = state.clock.now() - message.date > DELETE_WINDOW_SECONDS
    if too_old or (chat.type != "private" and not message.from_bot):
        raise bad_request(errors.MESSAGE_CANT_BE_DELETED)
    message.deleted = True
    return True


async def send_chat_action(state: FakeState, params: Params) -> Any:
    chat = state.chat_from_params(params)
    action = params.get_str("action")
    if action not in CHAT_ACTIONS:
        raise bad_request(errors.WRONG_ACTION)
    state.check_can_send(chat)
    return True
