"""Records as maintainers read them: the versions of a place's facts, and stale records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.core.dates import parse_partial_date
from bot.storage.tables import ContentVersionRow


@dataclass(frozen=True)
class HistoryEntry:
    key: str
    version: int
    created_at: datetime
    author: str
    note: str | None
    source: str | None
    current: bool


@dataclass(frozen=True)
class StaleRecord:
    name: str
    key: str
    as_of: str


def history_entry(row: ContentVersionRow) -> HistoryEntry:
    sources = row.data.get("sources") or row.data.get("detainer", {}).get("sources") or []
    return HistoryEntry(
        key=row.key,
        version=row.version,
        created_at=row.created_at,
        author=row.author,
        note=row.note,
        source=sources[0].get("url") or sources[0].get("label") if sources else None,
        current=row.is_current,
    )


def stale_records(docs: dict[str, dict[str, Any]], today: date, months: int) -> list[StaleRecord]:
    """Records whose as_of is older than ``months`` months before ``today``, oldest first."""
    total = today.year * 12 + today.month - 1 - months
    limit = date(total // 12, total % 12 + 1, min(today.day, 28))
    found: list[StaleRecord] = []
    for key, data in docs.items():
        kind, _, name = key.partition(":")
        if kind == "detainer":
            as_of, title = data["as_of"], name
        elif kind == "local":
            as_of, title = data["detainer"]["as_of"], f"{data['name']}, {data['state']}"
        elif kind == "activation":
            as_of, title = data["as_of"], name
        else:
            continue
        if parse_partial_date(as_of).earliest < limit:
            found.append(StaleRecord(title, key, as_of))
    return sorted(found, key=lambda r: r.as_of)
