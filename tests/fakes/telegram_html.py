"""Telegram's ``parse_mode=HTML`` parser, modelled on tdlib's ``parse_html``.

Two modes:

* ``strict=False`` accepts exactly what the Telegram server accepts.  Like tdlib it lets a raw
  ``>`` through, keeps ``&`` literally when it does not start a known entity, accepts entities
  without the trailing ``;`` and silently drops ``<a>`` links with unusable URLs.
* ``strict=True`` (the fake's default) additionally enforces the documented contract:
  "All ``<``, ``>`` and ``&`` symbols that are not a part of a tag or an HTML entity must be
  replaced with the corresponding HTML entities" and only ``&lt; &gt; &amp; &quot;`` plus
  numeric entities are allowed.  These are exactly the escaping bugs that make real Telegram
  render garbage (``&lt`` inside user text decodes) or fail later, so tests should catch them.

Errors raise :class:`EntityParseError`; the API maps them to
``Bad Request: can't parse entities: <detail>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .entities import (
    EntityParseError,
    ParsedText,
    TextBuilder,
    TextEntity,
    byte_offset,
    normalize_link,
    sort_entities,
)

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\x0b\x0c\x00"
_PLAIN_RUN = re.compile(r"[^&<>]+")


@dataclass
class _OpenTag:
    name: str
    argument: str | None
    utf16_start: int
    index: int  # code point index of the "<" (converted to a byte offset only for errors)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def decode_entity(text: str, pos: int, *, strict: bool) -> tuple[str, int] | None:
    """Decode the character reference at ``text[pos] == '&'``.

    Returns the decoded character and the index after the reference, or ``None`` when the
    ``&`` does not start an entity Telegram understands.
    """
    end = pos + 1
    n = len(text)
    if end < n and text[end] == "#":
        end += 1
        value = 0
        if end < n and text[end] == "x":
            end += 1
            digits_start = end
            while end < n and text[end] in "0123456789abcdefABCDEF":
                value = value * 16 + int(text[end], 16)
                end += 1
                if value >= 0x10FFFF:
                    return None
        else:
            digits_start = end
            while end < n and text[end].isascii() and text[end].isdigit():
                value = value * 10 + int(text[end])
                end += 1
                if value >= 0x10FFFF:
                    return None
        if end == digits_start or value == 0 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in NAMED_ENTITIES:
            return None
        char = NAMED_ENTITIES[name]
    if end < n and text[end] == ";":
        return char, end + 1
    if strict:
        return None
    return char, end


class _HtmlParser:
    def __init__(self, source: str, *, strict: bool) -> None:
        self.src = source
        self.strict = strict
        self.i = 0
        self.out = TextBuilder()
        self.stack: list[_OpenTag] = []
        self.entities: list[TextEntity] = []

    # -- helpers -------------------------------------------------------------------------
    def at(self, index: int) -> str:
        return self.src[index] if index < len(self.src) else ""

    def byte(self, index: int) -> int:
        return byte_offset(self.src, index)

    def skip_spaces(self) -> None:
        while self.at(self.i) and self.at(self.i) in _SPACES:
            self.i += 1

    def fail(self, detail: str) -> EntityParseError:
        return EntityParseError(detail)

    # -- main loop -----------------------------------------------------------------------
    def parse(self) -> ParsedText:
        while self.i < len(self.src):
            ch = self.src[self.i]
            if ch == "&":
                self.ampersand()
            elif ch == "<":
                if self.at(self.i + 1) == "/":
                    self.end_tag()
                else:
                    self.start_tag()
            elif ch == ">" and self.strict:
                raise self.fail(f'Unescaped ">" at byte offset {self.byte(self.i)}; use "&gt;"')
            else:
                # A run of plain text up to the next markup character, appended at once.
                match = _PLAIN_RUN.match(self.src, self.i)
                end = match.end() if match and match.end() > self.i else self.i + 1
                self.out.append(self.src[self.i : end])
                self.i = end
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        # A language only survives on <pre><code class="language-x">; plain code drops it.
        entities = [
            replace(entity, language=None) if entity.type == "code" else entity
            for entity in self.entities
        ]
        return ParsedText(self.out.value(), sort_entities(entities))

    def ampersand(self) -> None:
        decoded = decode_entity(self.src, self.i, strict=self.strict)
        if decoded is not None:
            self.out.append(decoded[0])
            self.i = decoded[1]
            return
        if self.strict:
            raise self.fail(self.bad_ampersand(self.i))
        self.out.append("&")
        self.i += 1

    def bad_ampersand(self, index: int) -> str:
        end = index + 1
        while end < len(self.src) and (_is_ascii_alnum(self.src[end]) or self.src[end] == "#"):
            end += 1
        if end > index + 1:
            ref = self.src[index:end] + (";" if self.at(end) == ";" else "")
            return f'Unsupported HTML entity "{ref}" at byte offset {self.byte(index)}'
        return f'Unescaped "&" at byte offset {self.byte(index)}; use "&amp;"'

    # -- start tags ----------------------------------------------------------------------
    def start_tag(self) -> None:
        begin = self.i
        self.i += 1
        name_start = self.i
        while self.at(self.i) and self.at(self.i) not in _SPACES and self.at(self.i) != ">":
            self.i += 1
        if not self.at(self.i):
            raise self.fail(f"Unclosed start tag at byte offset {self.byte(begin)}")
        tag = self.src[name_start : self.i].lower()
        if tag not in SUPPORTED_TAGS:
            raise self.fail(f'Unsupported start tag "{tag}" at byte offset {self.byte(begin)}')
        argument = self.attributes(tag, begin)
        self.i += 1  # the '>'
        if tag == "span" and argument != "spoiler":
            raise self.fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte(begin)}'
            )
        if tag == "tg-emoji" and not (argument and argument.isdigit() and int(argument) > 0):
            raise self.fail("Invalid custom emoji identifier specified")
        self.stack.append(_OpenTag(tag, argument, self.out.utf16, begin))

    def attributes(self, tag: str, begin: int) -> str | None:
        argument: str | None = None
        while self.at(self.i) != ">":
            self.skip_spaces()
            if self.at(self.i) == ">":
                break
            if not self.at(self.i):
                raise self.fail(f"Unclosed start tag at byte offset {self.byte(begin)}")
            attr_start = self.i
            while (
                self.at(self.i) and self.at(self.i) not in _SPACES and self.at(self.i) not in "=>"
            ):
                self.i += 1
            attr = self.src[attr_start : self.i].lower()
            if not attr:
                raise self.fail(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self.byte(begin)}'
                )
            self.skip_spaces()
            if self.at(self.i) != "=":
                if tag == "blockquote" and attr == "expandable":
                    argument = "expandable"
                    continue
                if not self.at(self.i):
                    raise self.fail(f"Unclosed start tag at byte offset {self.byte(begin)}")
                raise self.fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self.byte(begin)}"
                )
            self.i += 1
            self.skip_spaces()
            if not self.at(self.i):
                raise self.fail(f'Unclosed start tag "{tag}" at byte offset {self.byte(begin)}')
            value = self.attribute_value()
            if not self.at(self.i):
                raise self.fail(f"Unclosed start tag at byte offset {self.byte(begin)}")
            argument = self.tag_argument(tag, attr, value, argument)
        return argument

    def attribute_value(self) -> str:
        quote = self.at(self.i)
        if quote not in ("'", '"'):
            token_start = self.i
            while _is_ascii_alnum(self.at(self.i)) or self.at(self.i) in (".", "-"):
                self.i += 1
            value = self.src[token_start : self.i].lower()
            if self.at(self.i) and self.at(self.i) not in _SPACES and self.at(self.i) != ">":
                raise self.fail(
                    f"Unexpected end of name token at byte offset {self.byte(token_start)}"
                )
            return value
        self.i += 1
        chars: list[str] = []
        while self.at(self.i) and self.at(self.i) != quote:
            if self.at(self.i) == "&":
                decoded = decode_entity(self.src, self.i, strict=self.strict)
                if decoded is not None:
                    chars.append(decoded[0])
                    self.i = decoded[1]
                    continue
                if self.strict:
                    raise self.fail(self.bad_ampersand(self.i))
            if self.strict and self.at(self.i) in "<>":
                raise self.fail(
                    f'Unescaped "{self.at(self.i)}" in an attribute value at byte offset '
                    f"{self.byte(self.i)}"
                )
            chars.append(self.at(self.i))
            self.i += 1
        if self.at(self.i) == quote:
            self.i += 1
        return "".join(chars)

    @staticmethod
    def tag_argument(tag: str, attr: str, value: str, current: str | None) -> str | None:
        if tag == "a" and attr == "href":
            return value
        if tag == "code" and attr == "class" and value.startswith("language-"):
            return value[len("language-") :]
        if tag == "span" and attr == "class" and value.startswith("tg-"):
            return value[len("tg-") :]
        if tag == "tg-emoji" and attr == "emoji-id":
            return value
        return current

    # -- end tags ------------------------------------------------------------------------
    def end_tag(self) -> None:
        begin = self.i
        if not self.stack:
            raise self.fail(f"Unexpected end tag at byte offset {self.byte(begin)}")
        self.i += 2
        name_start = self.i
        while self.at(self.i) and self.at(self.i) not in _SPACES and self.at(self.i) != ">":
            self.i += 1
        end_name = self.src[name_start : self.i].lower()
        self.skip_spaces()
        if self.at(self.i) != ">":
            raise self.fail(f"Unclosed end tag at byte offset {self.byte(begin)}")
        self.i += 1
        open_tag = self.stack.pop()
        if (end_name or self.strict) and end_name != open_tag.name:
            raise self.fail(
                f"Unmatched end tag at byte offset {self.byte(begin)}, "
                f'expected "</{open_tag.name}>", found "</{end_name}>"'
            )
        self.close(open_tag)

    def close(self, tag: _OpenTag) -> None:
        start = tag.utf16_start
        length = self.out.utf16 - start
        if length <= 0:
            return
        if tag.name in _SIMPLE_TYPES:
            language = tag.argument if tag.name == "code" else None
            self.entities.append(
                TextEntity(_SIMPLE_TYPES[tag.name], start, length, None, language)
            )
        elif tag.name == "pre":
            self.close_pre(start, length)
        elif tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.argument == "expandable" else "blockquote"
            self.entities.append(TextEntity(kind, start, length))
        elif tag.name == "tg-emoji":
            self.entities.append(
                TextEntity("custom_emoji", start, length, custom_emoji_id=tag.argument)
            )
        else:  # <a>
            self.close_link(tag, start, length)

    def close_pre(self, start: int, length: int) -> None:
        language: str | None = None
        if self.entities:
            last = self.entities[-1]
            if last.type == "code" and last.offset == start and last.length == length:
                self.entities.pop()
                language = last.language
        self.entities.append(TextEntity("pre", start, length, language=language))

    def close_link(self, tag: _OpenTag, start: int, length: int) -> None:
        href = tag.argument if tag.argument else self.out.since(start)
        url = normalize_link(href)
        if url is None:
            if self.strict:
                raise self.fail(
                    f'Invalid URL "{href}" in the "a" tag at byte offset {self.byte(tag.index)}'
                )
            return
        self.entities.append(TextEntity("text_link", start, length, url=url))


def parse_html(source: str, *, strict: bool = True) -> ParsedText:
    """Parse Telegram HTML into plain text and entities, or raise :class:`EntityParseError`."""
    return _HtmlParser(source, strict=strict).parse()
