"""``reply_markup`` validation: inline keyboards, reply keyboards, remove/force reply."""

from __future__ import annotations

from typing import Any

from . import errors
from .entities import is_button_url, utf16_len
from .errors import bad_request

INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MAX_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64
_BUTTON_ERROR = "Bad Request: can't parse inline keyboard button"


def _button_error(detail: str) -> Exception:
    return bad_request(f"{_BUTTON_ERROR}: {detail}")


def _check_text(button: dict[str, Any]) -> None:
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text.strip():
        raise bad_request(errors.BUTTON_TEXT_EMPTY)


def _check_action(action: str, value: Any) -> None:
    if action == "url":
        if not isinstance(value, str) or not is_button_url(value):
            raise bad_request(errors.BUTTON_URL_INVALID)
    elif action == "callback_data":
        if not isinstance(value, str):
            raise _button_error('Field "callback_data" must be of type String')
        if not 1 <= len(value.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request(errors.BUTTON_DATA_INVALID)
    elif action in ("switch_inline_query", "switch_inline_query_current_chat"):
        if not isinstance(value, str):
            raise _button_error(f'Field "{action}" must be of type String')
    elif action in ("web_app", "login_url"):
        url = value.get("url") if isinstance(value, dict) else None
        if not isinstance(url, str) or not is_button_url(url) or not url.startswith("http"):
            raise bad_request(errors.BUTTON_URL_INVALID)
        if action == "web_app" and not url.startswith("https://"):
            raise bad_request(errors.BUTTON_URL_INVALID)
    elif action == "copy_text":
        text = value.get("text") if isinstance(value, dict) else None
        if not isinstance(text, str) or not 1 <= utf16_len(text) <= 256:
            raise bad_request(errors.BUTTON_TYPE_INVALID)
    elif not isinstance(value, (dict, bool)):
        raise _button_error(f'Field "{action}" must be of type Object')


def validate_inline_button(button: Any) -> dict[str, Any]:
    """Validate one InlineKeyboardButton and return it without ``null`` fields."""
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    _check_text(button)
    actions = [name for name in INLINE_ACTIONS if button.get(name) is not None]
    if not actions:
        raise bad_request(errors.TEXT_BUTTONS_UNALLOWED)
    if len(actions) > 1:
        # Stricter than Telegram, which silently uses the first one it finds.
        raise _button_error(
            "exactly one of the optional fields must be used, got " + ", ".join(actions)
        )
    _check_action(actions[0], button[actions[0]])
    return {key: value for key, value in button.items() if value is not None}


def validate_inline_keyboard(markup: dict[str, Any]) -> dict[str, Any] | None:
    """Normalised inline keyboard, or ``None`` when it has no buttons (no keyboard)."""
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list):
        raise bad_request(
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
        )
    result: list[list[dict[str, Any]]] = []
    count = 0
    for row in rows:
        if not isinstance(row, list):
            raise bad_request(
                'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an '
                "Array of Arrays"
            )
        checked = [validate_inline_button(button) for button in row]
        count += len(checked)
        if checked:
            result.append(checked)
    if count > MAX_BUTTONS:
        raise bad_request(errors.REPLY_MARKUP_TOO_LONG)
    return {"inline_keyboard": result} if result else None


def _validate_reply_keyboard(markup: dict[str, Any]) -> dict[str, Any]:
    rows = markup.get("keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'Bad Request: field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            text = button if isinstance(button, str) else None
            if isinstance(button, dict):
                text = button.get("text")
            if not isinstance(text, str):
                raise bad_request(
                    "Bad Request: can't parse keyboard button: KeyboardButton must be a String "
                    "or an Object"
                )
            if not text.strip():
                raise bad_request(errors.BUTTON_TEXT_EMPTY)
    return dict(markup)


def validate_reply_markup(raw: Any, *, inline_only: bool) -> dict[str, Any] | None:
    """Validate a decoded ``reply_markup`` value.

    Returns the normalised inline keyboard (what a Message carries), ``None`` for no inline
    keyboard (absent, empty, or a reply keyboard / remove / force reply, which Telegram does
    not echo back on the message).
    """
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request(errors.REPLY_MARKUP_INVALID)
    if "inline_keyboard" in raw:
        return validate_inline_keyboard(raw)
    if inline_only:
        raise bad_request(errors.INLINE_KEYBOARD_EXPECTED)
    if "keyboard" in raw:
        _validate_reply_keyboard(raw)
    elif "remove_keyboard" in raw:
        if raw.get("remove_keyboard") is not True:
            raise bad_request(errors.REPLY_MARKUP_INVALID)
    elif "force_reply" in raw:
        if raw.get("force_reply") is not True:
            raise bad_request(errors.REPLY_MARKUP_INVALID)
    else:
        raise bad_request(errors.REPLY_MARKUP_INVALID)
    return None


def callback_data_of(markup: dict[str, Any] | None) -> list[str]:
    """All callback_data values of an inline keyboard, row by row."""
    if not markup:
        return []
    return [
        button["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for button in row
        if "callback_data" in button
    ]
