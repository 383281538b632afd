"""Request parameters: JSON bodies, url-encoded and multipart forms, query strings.

Telegram accepts every transport; form values are strings, and object/array parameters are
JSON-encoded strings (that is how PTB sends ``reply_markup``).  :func:`normalize` turns all of
them into one shape so handlers and the call recorder see the same values whatever the
transport: JSON fields decoded, integer and boolean fields converted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from . import errors
from .errors import ApiError, bad_request

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "results",
        "commands",
        "scope",
        "allowed_updates",
        "reply_parameters",
        "link_preview_options",
        "button",
        "media",
        "menu_button",
        "rights",
    }
)
INT_FIELDS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "user_id",
        "reply_to_message_id",
        "message_thread_id",
        "max_connections",
    }
)
BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "is_personal",
        "drop_pending_updates",
        "allow_paid_broadcast",
        "for_channels",
    }
)
_INT_RE = re.compile(r"^-?\d+$")
_UNDECODABLE = object()


@dataclass
class Params:
    """Normalised parameters of one request."""

    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    invalid_json: set[str] = field(default_factory=set)

    def has(self, name: str) -> bool:
        return name in self.values and self.values[name] is not None

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return value if isinstance(value, str) else str(value)

    def get_int(self, name: str, *, invalid: str) -> int | None:
        """Integer value; ``invalid`` is the 400 description for a non-integer."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str) and _INT_RE.match(value.strip()):
            return int(value.strip())
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad_request(invalid)
        if isinstance(value, float) and not value.is_integer():
            raise bad_request(invalid)
        return int(value)

    def get_number(self, name: str, *, invalid: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                raise bad_request(invalid) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad_request(invalid)
        return float(value)

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        return isinstance(value, str) and value.lower() in ("true", "1")

    def get_json(self, name: str, *, invalid: str) -> Any:
        """Decoded JSON value of an object/array parameter; ``invalid`` if undecodable."""
        if name in self.invalid_json:
            raise bad_request(invalid)
        return self.values.get(name)


def _normalize_value(name: str, value: Any, params: Params) -> Any:
    if name in JSON_FIELDS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            params.invalid_json.add(name)
            return value
    if name in INT_FIELDS and isinstance(value, str) and _INT_RE.match(value.strip()):
        return int(value.strip())
    if name in BOOL_FIELDS and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def normalize(raw: dict[str, Any], files: dict[str, bytes] | None = None) -> Params:
    params = Params(files=dict(files or {}))
    for name, value in raw.items():
        params.values[name] = _normalize_value(name, value, params)
    return params


async def read_params(request: web.Request) -> Params:
    """Collect query-string and body parameters of any transport Telegram accepts."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, bytes] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.read()
            if body.strip():
                try:
                    decoded = json.loads(body)
                except ValueError:
                    raise ApiError(400, errors.JSON_INVALID) from None
                if not isinstance(decoded, dict):
                    raise ApiError(400, errors.JSON_INVALID)
                raw.update(decoded)
        elif request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    files[name] = value.file.read()
                    value.file.close()
                else:
                    raw[name] = value
    return normalize(raw, files)
