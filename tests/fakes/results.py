"""Handler result wrappers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OkWithDescription:
    """A success answer that also carries ``description`` (setWebhook/deleteWebhook do)."""

    result: Any
    description: str
