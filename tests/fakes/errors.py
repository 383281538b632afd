"""Error types of the Telegram fake and Telegram's own error descriptions."""

from __future__ import annotations

from typing import Any

# Descriptions Telegram answers with (the ones marked "approx." are close paraphrases).
NOT_FOUND = "Not Found"
UNAUTHORIZED = "Unauthorized"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
MESSAGE_TEXT_EMPTY = "Bad Request: message text is empty"
MESSAGE_TOO_LONG = "Bad Request: message is too long"
CANT_PARSE_ENTITIES = "Bad Request: can't parse entities"
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
MESSAGE_TO_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
MESSAGE_TO_REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
MESSAGE_CANT_BE_EDITED = "Bad Request: message can't be edited"
MESSAGE_CANT_BE_DELETED = "Bad Request: message can't be deleted for everyone"
MESSAGE_ID_EMPTY = "Bad Request: message identifier is not specified"
MESSAGE_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CALLBACK_ANSWER_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
URL_INVALID = "Bad Request: URL_INVALID"
RESULTS_TOO_MUCH = "Bad Request: RESULTS_TOO_MUCH"
RESULT_ID_INVALID = "Bad Request: RESULT_ID_INVALID"  # approx.
RESULT_ID_DUPLICATE = "Bad Request: RESULT_ID_DUPLICATE"
RESULT_TYPE_INVALID = "Bad Request: RESULT_TYPE_INVALID"
NEXT_OFFSET_INVALID = "Bad Request: NEXT_OFFSET_INVALID"  # approx.
START_PARAM_INVALID = "Bad Request: START_PARAM_INVALID"  # approx.
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
BUTTON_TEXT_EMPTY = "Bad Request: BUTTON_TEXT_EMPTY"  # approx.
BUTTON_TYPE_INVALID = "Bad Request: BUTTON_TYPE_INVALID"
TEXT_BUTTONS_UNALLOWED = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)
REPLY_MARKUP_INVALID = "Bad Request: can't parse reply keyboard markup JSON object"
INLINE_KEYBOARD_EXPECTED = "Bad Request: inline keyboard expected"  # approx.
REPLY_MARKUP_TOO_LONG = "Bad Request: reply markup is too long"
BOT_COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
BOT_COMMAND_DESCRIPTION_INVALID = "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"  # approx.
BOT_COMMANDS_TOO_MUCH = "Bad Request: BOT_COMMANDS_TOO_MUCH"
SCOPE_INVALID = "Bad Request: unsupported bot command scope type"  # approx.
LANGUAGE_CODE_INVALID = "Bad Request: invalid language code specified"  # approx.
DESCRIPTION_TOO_LONG = "Bad Request: description is too long"  # approx.
SHORT_DESCRIPTION_TOO_LONG = "Bad Request: short description is too long"  # approx.
NAME_TOO_LONG = "Bad Request: name is too long"  # approx.
WRONG_ACTION = "Bad Request: wrong parameter action in request"
WRONG_FILE_ID = "Bad Request: wrong file_id or the file is temporarily unavailable"
WEBHOOK_HTTPS_REQUIRED = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_TERMINATED = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
BOT_BLOCKED = "Forbidden: bot was blocked by the user"
USER_DEACTIVATED = "Forbidden: user is deactivated"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
BOT_KICKED = "Forbidden: bot was kicked from the group chat"
JSON_INVALID = "Bad Request: can't parse JSON object"  # approx.


class ApiError(Exception):
    """A Telegram API error; the server turns it into ``{"ok": false, ...}``."""

    def __init__(
        self,
        error_code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{error_code}: {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(description: str) -> ApiError:
    """A 400 error; ``description`` must already start with ``Bad Request:``."""
    return ApiError(400, description)


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


class FakeUsageError(AssertionError):
    """The *test* used the fake wrongly (unknown user, button that is not on the message...)."""
