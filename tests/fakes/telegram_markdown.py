"""Telegram's ``MarkdownV2`` and legacy ``Markdown`` parsers, modelled on tdlib."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .entities import (
    EntityParseError,
    ParsedText,
    TextBuilder,
    TextEntity,
    byte_offset,
    normalize_link,
    sort_entities,
)

RESERVED_V2 = "_*[]()~`>#+-=|{}.!"
_SPACES = " \t\r\n\x0b\x0c"
_API_TYPES = {
    "Bold": "bold",
    "Italic": "italic",
    "Underline": "underline",
    "Strikethrough": "strikethrough",
    "Spoiler": "spoiler",
    "Code": "code",
    "Pre": "pre",
    "PreCode": "pre",
}


@dataclass
class _Open:
    kind: str  # tdlib's type name, used in error messages
    argument: str | None
    utf16_start: int
    byte_pos: int


def _reserved_error(ch: str) -> EntityParseError:
    return EntityParseError(
        f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
    )


class _MarkdownV2Parser:
    def __init__(self, source: str, *, strict: bool) -> None:
        self.src = source
        self.strict = strict
        self.i = 0
        self.out = TextBuilder()
        self.stack: list[_Open] = []
        self.quote: _Open | None = None
        self.entities: list[TextEntity] = []

    def at(self, index: int) -> str:
        return self.src[index] if 0 <= index < len(self.src) else ""

    def in_code(self) -> bool:
        return bool(self.stack) and self.stack[-1].kind in ("Code", "Pre", "PreCode")

    def parse(self) -> ParsedText:
        while self.i < len(self.src):
            if self.quote_marker():
                continue
            ch = self.src[self.i]
            nxt = self.at(self.i + 1)
            if ch == "\\" and nxt and 0 < ord(nxt) <= 126:
                self.out.append(nxt)
                self.i += 2
                continue
            reserved = "`" if self.in_code() else RESERVED_V2
            if ch not in reserved:
                if (
                    ch == "\n"
                    and self.quote is not None
                    and not self.in_code()
                    and self.at(self.i + 1) != ">"
                ):
                    self.close_quote()
                self.out.append(ch)
                self.i += 1
                continue
            if self.is_end_of_entity(ch):
                self.end_entity()
            else:
                self.begin_entity(ch)
            self.i += 1
        if self.stack:
            top = self.stack[-1]
            raise EntityParseError(
                f"Can't find end of {top.kind} entity at byte offset {top.byte_pos}"
            )
        self.close_quote()
        return ParsedText(self.out.value(), sort_entities(self.entities))

    # -- block quotes ("> line" / "**> expandable ... ||") --------------------------------
    def quote_marker(self) -> bool:
        i = self.i
        at_line_start = i == 0 or self.src[i - 1] == "\n"
        if at_line_start and not self.in_code():
            if self.src[i] == ">":
                if self.quote is None:
                    self.open_quote("BlockQuote")
                self.i += 1
                return True
            if self.src.startswith("**>", i) and self.quote is None:
                self.open_quote("ExpandableBlockQuote")
                self.i += 3
                return True
        if (
            self.quote is not None
            and self.quote.kind == "ExpandableBlockQuote"
            and self.src.startswith("||", i)
            and self.at(i + 2) in ("", "\n")
            and not (self.stack and self.stack[-1].kind == "Spoiler")
        ):
            self.i += 2
            self.close_quote()
            return True
        return False

    def open_quote(self, kind: str) -> None:
        self.quote = _Open(kind, None, self.out.utf16, byte_offset(self.src, self.i))

    def close_quote(self) -> None:
        quote = self.quote
        if quote is None:
            return
        if self.stack:
            top = self.stack[-1]
            raise EntityParseError(
                f"Can't find end of {top.kind} entity at byte offset {top.byte_pos}"
            )
        self.quote = None
        length = self.out.utf16 - quote.utf16_start
        if length > 0:
            kind = (
                "expandable_blockquote" if quote.kind == "ExpandableBlockQuote" else "blockquote"
            )
            self.entities.append(TextEntity(kind, quote.utf16_start, length))

    # -- inline entities -----------------------------------------------------------------
    def is_end_of_entity(self, ch: str) -> bool:
        if not self.stack:
            return False
        kind = self.stack[-1].kind
        nxt, nxt2 = self.at(self.i + 1), self.at(self.i + 2)
        ends = {
            "Bold": ch == "*",
            "Italic": ch == "_" and nxt != "_",
            "Code": ch == "`",
            "Pre": ch == "`" and nxt == "`" and nxt2 == "`",
            "PreCode": ch == "`" and nxt == "`" and nxt2 == "`",
            "TextUrl": ch == "]",
            "CustomEmoji": ch == "]",
            "Underline": ch == "_" and nxt == "_",
            "Strikethrough": ch == "~",
            "Spoiler": ch == "|" and nxt == "|",
        }
        return ends[kind]

    def begin_entity(self, ch: str) -> None:
        start_byte = byte_offset(self.src, self.i)
        argument: str | None = None
        nxt = self.at(self.i + 1)
        if ch == "_":
            kind = "Underline" if nxt == "_" else "Italic"
            self.i += 1 if nxt == "_" else 0
        elif ch == "*":
            kind = "Bold"
        elif ch == "~":
            kind = "Strikethrough"
        elif ch == "|" and nxt == "|":
            kind = "Spoiler"
            self.i += 1
        elif ch == "[":
            kind = "TextUrl"
        elif ch == "!" and nxt == "[":
            kind = "CustomEmoji"
            self.i += 1
        elif ch == "`" and nxt == "`" and self.at(self.i + 2) == "`":
            kind, argument = self.begin_pre()
        elif ch == "`":
            kind = "Code"
        else:
            raise _reserved_error(ch)
        self.stack.append(_Open(kind, argument, self.out.utf16, start_byte))

    def begin_pre(self) -> tuple[str, str | None]:
        self.i += 3
        kind, language = "Pre", None
        end = self.i
        while self.at(end) and self.at(end) not in _SPACES and self.at(end) != "`":
            end += 1
        if end != self.i and self.at(end) and self.at(end) != "`":
            kind, language = "PreCode", self.src[self.i : end]
            self.i = end
        if self.at(self.i) in ("\n", "\r"):
            pair = self.at(self.i + 1)
            self.i += 2 if pair in ("\n", "\r") and pair != self.at(self.i) else 1
        self.i -= 1  # the main loop advances by one
        return kind, language

    def end_entity(self) -> None:
        opened = self.stack.pop()
        start = opened.utf16_start
        length = self.out.utf16 - start
        url: str | None = None
        emoji_id: str | None = None
        if opened.kind in ("Underline", "Spoiler"):
            self.i += 1
        elif opened.kind in ("Pre", "PreCode"):
            self.i += 2
        elif opened.kind == "TextUrl":
            url = self.link_target(start)
        elif opened.kind == "CustomEmoji":
            emoji_id = self.custom_emoji_target()
        if length <= 0:
            return
        if opened.kind == "TextUrl":
            if url is not None:
                self.entities.append(TextEntity("text_link", start, length, url=url))
        elif opened.kind == "CustomEmoji":
            self.entities.append(TextEntity("custom_emoji", start, length, None, None, emoji_id))
        else:
            language = opened.argument if opened.kind == "PreCode" else None
            self.entities.append(
                TextEntity(_API_TYPES[opened.kind], start, length, None, language)
            )

    def read_url(self) -> str:
        """Read ``(url)`` after ``]``; leaves ``self.i`` on the closing parenthesis."""
        self.i += 2
        url_begin = self.i
        chars: list[str] = []
        while self.i < len(self.src) and self.src[self.i] != ")":
            nxt = self.at(self.i + 1)
            if self.src[self.i] == "\\" and nxt and 0 < ord(nxt) <= 126:
                chars.append(nxt)
                self.i += 2
                continue
            chars.append(self.src[self.i])
            self.i += 1
        if self.at(self.i) != ")":
            raise EntityParseError(
                f"Can't find end of a URL at byte offset {byte_offset(self.src, url_begin)}"
            )
        return "".join(chars)

    def link_target(self, start: int) -> str | None:
        href = self.read_url() if self.at(self.i + 1) == "(" else self.out.since(start)
        url = normalize_link(href)
        if url is None and self.strict:
            raise EntityParseError(f'Invalid URL "{href}" of a text link')
        return url

    def custom_emoji_target(self) -> str:
        if self.at(self.i + 1) != "(":
            raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
        url = self.read_url()
        parts = urlsplit(url)
        ids = parse_qs(parts.query).get("id", [])
        if parts.scheme != "tg" or parts.netloc != "emoji" or not ids or not ids[0].isdigit():
            raise EntityParseError(f'Invalid custom emoji URL "{url}" specified')
        return ids[0]


def parse_markdown_v2(source: str, *, strict: bool = True) -> ParsedText:
    return _MarkdownV2Parser(source, strict=strict).parse()


def parse_markdown(source: str, *, strict: bool = True) -> ParsedText:
    """Legacy ``Markdown``: ``*bold*``, ``_italic_``, `` `code` ``, ```` ```pre``` ````, links."""
    out = TextBuilder()
    entities: list[TextEntity] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in "_*`[":
            out.append(source[i + 1])
            i += 2
            continue
        if ch not in "_*`[":
            out.append(ch)
            i += 1
            continue
        begin = i
        end_char = "]" if ch == "[" else ch
        is_pre = ch == "`" and source.startswith("``", i + 1)
        i += 3 if is_pre else 1
        language: str | None = None
        if is_pre:
            end = i
            while end < n and source[end] not in _SPACES and source[end] != "`":
                end += 1
            if end != i and end < n and source[end] != "`":
                language, i = source[i:end], end
            if i < n and source[i] in "\r\n":
                i += (
                    2
                    if i + 1 < n and source[i + 1] in "\r\n" and source[i + 1] != source[i]
                    else 1
                )
        start = out.utf16
        while i < n and (source[i] != end_char or (is_pre and not source.startswith("``", i + 1))):
            out.append(source[i])
            i += 1
        if i >= n:
            raise EntityParseError(
                "Can't find end of the entity starting at byte offset "
                f"{byte_offset(source, begin)}"
            )
        length = out.utf16 - start
        if ch == "[":
            href = out.since(start)
            if source.startswith("(", i + 1):
                close = source.find(")", i + 2)
                close = n - 1 if close < 0 else close
                href, i = source[i + 2 : close], close
            url = normalize_link(href)
            if url is None and strict:
                raise EntityParseError(f'Invalid URL "{href}" of a text link')
            if url is not None and length > 0:
                entities.append(TextEntity("text_link", start, length, url=url))
        elif length > 0:
            kind = {"_": "italic", "*": "bold", "`": "pre" if is_pre else "code"}[ch]
            entities.append(TextEntity(kind, start, length, None, language))
        i += 3 if is_pre else 1
    return ParsedText(out.value(), sort_entities(entities))
