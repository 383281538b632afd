"""answerCallbackQuery and answerInlineQuery."""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .entities import utf16_len
from .errors import bad_request
from .formatting import message_text
from .markup import validate_reply_markup
from .models import JSON
from .params import Params
from .state import FakeState

MAX_CALLBACK_ANSWER = 200
MAX_INLINE_RESULTS = 50
MAX_NEXT_OFFSET_BYTES = 64
RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)
_START_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_RESULT_ERROR = "Bad Request: can't parse InlineQueryResult"


async def answer_callback_query(state: FakeState, params: Params) -> Any:
    query = state.live_callback_query(params.get_str("callback_query_id"))
    text = params.get_str("text") or ""
    if utf16_len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request(errors.CALLBACK_ANSWER_TOO_LONG)
    url = params.get_str("url")
    if url and not re.match(r"^https?://(t\.me|telegram\.me)/", url):
        # Only game URLs and t.me/<bot>?start=... links are accepted.
        raise bad_request(errors.URL_INVALID)
    cache_time = params.get_int("cache_time", invalid="Bad Request: wrong parameter cache_time")
    query.answer = {
        "text": text,
        "show_alert": params.get_bool("show_alert"),
        "url": url,
        "cache_time": cache_time or 0,
    }
    return True


def _validate_content(state: FakeState, content: Any) -> None:
    if not isinstance(content, dict):
        raise bad_request(f'{_RESULT_ERROR}: Field "input_message_content" must be of type Object')
    if "message_text" not in content:
        return  # location/venue/contact/invoice contents
    raw_entities = content.get("entities")
    source = content.get("message_text")
    message_text(
        source if isinstance(source, str) else None,
        content.get("parse_mode"),
        raw_entities,
        strict_html=state.strict_html,
    )


def _validate_result(state: FakeState, result: Any, seen: set[str]) -> JSON:
    if not isinstance(result, dict):
        raise bad_request(f"{_RESULT_ERROR}: InlineQueryResult must be an Object")
    if result.get("type") not in RESULT_TYPES:
        raise bad_request(errors.RESULT_TYPE_INVALID)
    result_id = result.get("id")
    if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
        raise bad_request(errors.RESULT_ID_INVALID)
    if result_id in seen:
        raise bad_request(errors.RESULT_ID_DUPLICATE)
    seen.add(result_id)
    if result["type"] == "article":
        title = result.get("title")
        if not isinstance(title, str) or not title.strip():
            raise bad_request(f'{_RESULT_ERROR}: Field "title" must be of type String')
        if "input_message_content" not in result:
            raise bad_request(
                f'{_RESULT_ERROR}: Field "input_message_content" must be of type Object'
            )
    if "input_message_content" in result:
        _validate_content(state, result["input_message_content"])
    if result.get("reply_markup") is not None:
        validate_reply_markup(result["reply_markup"], inline_only=True)
    return {key: value for key, value in result.items() if value is not None}


def _validate_button(raw: Any) -> None:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad_request("Bad Request: can't parse InlineQueryResultsButton JSON object")
    if "start_parameter" in raw:
        start = raw["start_parameter"]
        if not isinstance(start, str) or not _START_PARAMETER.match(start):
            raise bad_request(errors.START_PARAM_INVALID)
    elif not isinstance(raw.get("web_app"), dict):
        raise bad_request("Bad Request: can't parse InlineQueryResultsButton JSON object")


async def answer_inline_query(state: FakeState, params: Params) -> Any:
    query = state.live_inline_query(params.get_str("inline_query_id"))
    results = params.get_json("results", invalid="Bad Request: can't parse JSON results array")
    if not isinstance(results, list):
        raise bad_request("Bad Request: can't parse JSON results array")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request(errors.RESULTS_TOO_MUCH)
    seen: set[str] = set()
    checked = [_validate_result(state, result, seen) for result in results]
    next_offset = params.get_str("next_offset") or ""
    if len(next_offset.encode("utf-8")) > MAX_NEXT_OFFSET_BYTES:
        raise bad_request(errors.NEXT_OFFSET_INVALID)
    button = None
    if params.has("button"):
        button = params.get_json(
            "button", invalid="Bad Request: can't parse InlineQueryResultsButton JSON object"
        )
        _validate_button(button)
    query.answer = {
        "results": checked,
        "next_offset": next_offset,
        "cache_time": params.get_int(
            "cache_time", invalid="Bad Request: wrong parameter cache_time"
        ),
        "is_personal": params.get_bool("is_personal"),
        "button": button,
    }
    return True
