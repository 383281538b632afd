"""The one codec for button data: short prefixes, always within Telegram's 64 bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.answers import View

MAX_BYTES = 64
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{4,16}$")
_VIEW_CODES = {View.BOTH: "b", View.ACTIVATION: "a", View.DETAINER: "d"}
_VIEWS = {code: view for view, code in _VIEW_CODES.items()}


@dataclass(frozen=True)
class ShowPlace:
    """Show a place's answer in a view."""

    place_id: str
    view: View


@dataclass(frozen=True)
class StatesPage:
    """A page of the /states keyboard."""

    page: int


@dataclass(frozen=True)
class Confirm:
    """A staff member confirms a previewed change."""

    pending_id: str


@dataclass(frozen=True)
class Cancel:
    pending_id: str


@dataclass(frozen=True)
class Resolve:
    """A maintainer marks a correction report as handled."""

    report_id: int


@dataclass(frozen=True)
class Subscribe:
    """A resident subscribes to a place from under its answer."""

    place_id: str


@dataclass(frozen=True)
class Forget:
    """A resident confirms /forget."""


@dataclass(frozen=True)
class SendBroadcast:
    """The sender confirms a broadcast preview."""

    pending_id: str


@dataclass(frozen=True)
class DropBroadcast:
    pending_id: str


@dataclass(frozen=True)
class Approve:
    """A second staff member approves a broadcast (JURISBOT_BROADCAST_APPROVALS=2)."""

    pending_id: str


@dataclass(frozen=True)
class Notify:
    """After a confirmed policy change: tell the place's subscribers."""

    pending_id: str


@dataclass(frozen=True)
class SetLanguage:
    code: str


Payload = (
    SetLanguage
    | ShowPlace
    | StatesPage
    | Confirm
    | Cancel
    | Resolve
    | Subscribe
    | Forget
    | SendBroadcast
    | DropBroadcast
    | Approve
    | Notify
)
_BY_PENDING: dict[
    str, type[Confirm | Cancel | SendBroadcast | DropBroadcast | Approve | Notify]
] = {
    "c": Confirm,
    "x": Cancel,
    "k": SendBroadcast,
    "q": DropBroadcast,
    "v": Approve,
    "n": Notify,
}
_PREFIX = {kind: prefix for prefix, kind in _BY_PENDING.items()}


class CallbackDataTooLong(ValueError):
    pass


def encode(payload: Payload) -> str:
    if isinstance(payload, ShowPlace):
        data = f"p:{_VIEW_CODES[payload.view]}:{payload.place_id}"
    elif isinstance(payload, StatesPage):
        data = f"s:{payload.page}"
    elif isinstance(payload, Resolve):
        data = f"r:{payload.report_id}"
    elif isinstance(payload, Subscribe):
        data = f"b:{payload.place_id}"
    elif isinstance(payload, Forget):
        data = "f:yes"
    elif isinstance(payload, SetLanguage):
        data = f"l:{payload.code}"
    else:
        data = f"{_PREFIX[type(payload)]}:{payload.pending_id}"
    if len(data.encode()) > MAX_BYTES:
        raise CallbackDataTooLong(data)
    return data


def decode(data: str | None) -> Payload | None:
    """None for anything we did not make (stale, foreign or forged data)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    kind, _, rest = data.partition(":")
    if kind == "p":
        code, _, place_id = rest.partition(":")
        if code in _VIEWS and place_id:
            return ShowPlace(place_id, _VIEWS[code])
    elif kind == "s" and rest.isdigit() and len(rest) <= 3:
        return StatesPage(int(rest))
    elif kind in _BY_PENDING and _TOKEN.match(rest):
        return _BY_PENDING[kind](rest)
    elif kind == "r" and rest.isdigit() and len(rest) <= 12:
        return Resolve(int(rest))
    elif kind == "b" and rest:
        return Subscribe(rest)
    elif kind == "f" and rest == "yes":
        return Forget()
    elif kind == "l" and rest.isalpha() and len(rest) <= 3:
        return SetLanguage(rest)
    return None
