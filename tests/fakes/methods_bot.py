"""getMe, bot commands, descriptions and names, close, logOut, getFile."""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .entities import utf16_len
from .errors import bad_request
from .models import JSON
from .params import Params
from .state import FakeState

MAX_COMMANDS = 100
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120
MAX_NAME = 64
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_PLAIN_SCOPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}
)
ScopeKey = tuple[Any, ...]


async def get_me(state: FakeState, params: Params) -> Any:
    return state.bot.to_api()


def language_code(params: Params) -> str:
    code = params.get_str("language_code") or ""
    if code and not _LANGUAGE.match(code):
        raise bad_request(errors.LANGUAGE_CODE_INVALID)
    return code


def scope_key(state: FakeState, params: Params) -> ScopeKey:
    """A hashable key for a BotCommandScope (chat ids resolved, @usernames accepted)."""
    if not params.has("scope"):
        return ("default",)
    raw = params.get_json("scope", invalid="Bad Request: can't parse BotCommandScope JSON object")
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        raise bad_request(errors.SCOPE_INVALID)
    kind = raw["type"]
    if kind in _PLAIN_SCOPES:
        return (kind,)
    if kind not in ("chat", "chat_administrators", "chat_member"):
        raise bad_request(errors.SCOPE_INVALID)
    chat = state.find_chat(raw.get("chat_id"))
    if chat is None:
        raise bad_request(errors.CHAT_NOT_FOUND)
    if kind == "chat_administrators" and chat.type == "private":
        raise bad_request("Bad Request: can't use chat_administrators scope in private chats")
    if kind == "chat":
        return (kind, chat.id)
    if kind == "chat_administrators":
        return (kind, chat.id)
    user_id = raw.get("user_id")
    if not isinstance(user_id, int) or user_id not in state.users:
        raise bad_request("Bad Request: user not found")
    return (kind, chat.id, user_id)


def _validate_commands(raw: Any) -> list[JSON]:
    if not isinstance(raw, list):
        raise bad_request("Bad Request: can't parse commands JSON array")
    if len(raw) > MAX_COMMANDS:
        raise bad_request(errors.BOT_COMMANDS_TOO_MUCH)
    commands: list[JSON] = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("Bad Request: can't parse BotCommand JSON object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND.match(command):
            raise bad_request(errors.BOT_COMMAND_INVALID)
        if not isinstance(description, str) or not 1 <= utf16_len(description.strip()) <= 256:
            raise bad_request(errors.BOT_COMMAND_DESCRIPTION_INVALID)
        commands.append({"command": command, "description": description})
    return commands


async def set_my_commands(state: FakeState, params: Params) -> Any:
    commands = _validate_commands(
        params.get_json("commands", invalid="Bad Request: can't parse commands JSON array")
    )
    key = (scope_key(state, params), language_code(params))
    state.settings.commands[key] = commands
    return True


async def get_my_commands(state: FakeState, params: Params) -> Any:
    key = (scope_key(state, params), language_code(params))
    return [dict(command) for command in state.settings.commands.get(key, [])]


async def delete_my_commands(state: FakeState, params: Params) -> Any:
    key = (scope_key(state, params), language_code(params))
    state.settings.commands.pop(key, None)
    return True


def _set_text(
    store: dict[str, str], params: Params, field: str, limit: int, too_long: str
) -> bool:
    code = language_code(params)
    value = params.get_str(field) or ""
    if utf16_len(value) > limit:
        raise bad_request(too_long)
    if value:
        store[code] = value
    else:
        store.pop(code, None)
    return True


async def set_my_description(state: FakeState, params: Params) -> Any:
    return _set_text(
        state.settings.descriptions,
        params,
        "description",
        MAX_DESCRIPTION,
        errors.DESCRIPTION_TOO_LONG,
    )


async def set_my_short_description(state: FakeState, params: Params) -> Any:
    return _set_text(
        state.settings.short_descriptions,
        params,
        "short_description",
        MAX_SHORT_DESCRIPTION,
        errors.SHORT_DESCRIPTION_TOO_LONG,
    )


async def set_my_name(state: FakeState, params: Params) -> Any:
    return _set_text(state.settings.names, params, "name", MAX_NAME, errors.NAME_TOO_LONG)


async def get_my_description(state: FakeState, params: Params) -> Any:
    return {"description": state.settings.descriptions.get(language_code(params), "")}


async def get_my_short_description(state: FakeState, params: Params) -> Any:
    code = language_code(params)
    return {"short_description": state.settings.short_descriptions.get(code, "")}


async def get_my_name(state: FakeState, params: Params) -> Any:
    code = language_code(params)
    return {"name": state.settings.names.get(code, state.bot.first_name if not code else "")}


async def close(state: FakeState, params: Params) -> Any:
    state.closed_by_bot = True
    return True


async def log_out(state: FakeState, params: Params) -> Any:
    state.logged_out = True
    return True


async def get_file(state: FakeState, params: Params) -> Any:
    file = state.files.get(params.get_str("file_id") or "")
    if file is None:
        raise bad_request(errors.WRONG_FILE_ID)
    return {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": len(file.content),
        "file_path": file.file_path,
    }
