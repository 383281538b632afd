"""Rendered fragments remembered across answers.

Most of an answer is not about the town asked for: every town in Texas shows the same statewide
activation sentences and the same statewide detainer policy. Rendering those through Jinja's
macros was most of an answer's rendering time (benchmarks/telegram_throughput.py), so templates
wrap them in ``{% call memo(...) %}`` and each is rendered once per language and layout.

A fragment is keyed by what it is rendered from: plain values (text, numbers, places) by value,
facts objects by identity. Facts are immutable and a reload builds new objects, so an edit
never meets an old fragment; the entry keeps its objects alive, so an identity is never reused
while it is a key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any

from markupsafe import Markup

from bot.core.places import Place

_BY_VALUE = (str, int, float, type(None), Place)


class FragmentCache:
    """A bounded least-recently-used map from (parts, language, layout) to rendered markup;
    ``maxsize=0`` renders every fragment every time."""

    def __init__(
        self, language: ContextVar[str], compact: ContextVar[bool], maxsize: int = 4096
    ) -> None:
        self._language = language
        self._compact = compact
        self._maxsize = maxsize
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[tuple[Any, ...], Markup]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __call__(self, *parts: Any, caller: Callable[[], str]) -> Markup:
        """The ``{% call memo(part, ...) %}body{% endcall %}`` of a template: the body's output
        for these parts, rendered only the first time."""
        key = (
            self._language.get(),
            self._compact.get(),
            *((type(p), p if isinstance(p, _BY_VALUE) else id(p)) for p in parts),
        )
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[1]
        output = Markup(caller())
        with self._lock:
            self.misses += 1
            self._entries[key] = (parts, output)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)
        return output

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
