"""The gettext catalogs: extract the msgids, merge them into every language, check them.

    python -m bot.i18n.catalogs extract     # bot/i18n/locales/messages.pot from the sources
    python -m bot.i18n.catalogs update      # extract, then merge into every language's .po
    python -m bot.i18n.catalogs init LANG   # start a new language from the template
    python -m bot.i18n.catalogs check       # exit 1 listing every problem (CI, tests)

The sources and how to read them are in ``babel.cfg`` at the repository root. The files are
deterministic: messages sorted by msgid, locations without line numbers, and no dates or tool
versions in the headers, so running ``extract`` or ``update`` on unchanged sources changes nothing.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO, Any, cast

from babel.core import Locale, UnknownLocaleError
from babel.messages import frontend
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n.locales import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parents[2]
MAPPING = ROOT / "babel.cfg"
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
UPDATE_COMMAND = "python -m bot.i18n.catalogs update"

PROJECT = "jurisbot"
HEADER_COMMENT = (
    "# jurisbot: what residents read, translated. License: MIT.\n"
    f"# Made by `{UPDATE_COMMAND}`.\n"
    "# Edit only the msgstr lines.\n"
    "#"
)
# Headers that would change on every run or on every Babel upgrade, or are placeholders.
_VOLATILE_HEADER = re.compile(
    rb'^"(?:POT-Creation-Date|PO-Revision-Date|Generated-By|Report-Msgid-Bugs-To): .*"\n', re.M
)
_PROJECT_HEADER = re.compile(rb'^"Project-Id-Version: .*"$', re.M)
# A %(name)s conversion, and anything else that Python's % operator would read.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_HTML_CHARACTERS = frozenset("<>&")

Key = tuple[str | None, str | tuple[str, ...]]
MethodMap = list[tuple[str, str]]
OptionsMap = dict[str, dict[str, Any]]
# Babel's frontend has no annotations; this is its documented signature.
_parse_mapping = cast(
    "Callable[[IO[str], str], tuple[MethodMap, OptionsMap]]", frontend.parse_mapping_cfg
)


def po_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_languages() -> list[str]:
    """Languages with a catalog (read from disk each time, unlike ``available_languages``)."""
    if not LOCALES_DIR.exists():
        return []
    return sorted(p.name for p in LOCALES_DIR.iterdir() if po_path(p.name).exists())


def key(message: Message) -> Key:
    msgid: str | tuple[str, ...] = (
        tuple(message.id) if isinstance(message.id, list | tuple) else message.id
    )
    return (message.context, msgid)


def messages(catalog: Catalog) -> dict[Key, Message]:
    """The catalog's messages without its header entry."""
    return {key(message): message for message in catalog if message.id}


# --- extract -------------------------------------------------------------------------------


def _in_sources(path: str) -> bool:
    relative = Path(path).resolve().relative_to(ROOT).parts
    return bool(relative) and relative[0] == "bot" and not relative[-1].startswith((".", "_"))


def extract_catalog() -> Catalog:
    """The template catalog, built from the sources that ``babel.cfg`` names."""
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = _parse_mapping(handle, str(MAPPING))
    found = list(
        extract_from_dir(str(ROOT), method_map, options_map, directory_filter=_in_sources)
    )
    # The walk order depends on the file system; the order of locations must not.
    found.sort(key=lambda item: (Path(item[0]).as_posix(), item[1]))
    catalog = _new_catalog(locale=None)
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message,
            None,
            [(Path(filename).as_posix(), lineno)],
            auto_comments=list(comments),
            context=context,
        )
    return catalog


def _new_catalog(locale: Locale | str | None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=HEADER_COMMENT,
        project=PROJECT,
        last_translator="jurisbot translators",
        language_team="jurisbot translators",
        charset="utf-8",
        fuzzy=locale is None,
    )


def render_catalog(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalog, sort_output=True, include_lineno=False, ignore_obsolete=True)
    content = _VOLATILE_HEADER.sub(b"", buffer.getvalue())
    return _PROJECT_HEADER.sub(rb'"Project-Id-Version: jurisbot\\n"', content, count=1)


def _write(path: Path, content: bytes) -> bool:
    """Write only when the content changed (no mtime churn); True if it was written."""
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def extract() -> Catalog:
    template = extract_catalog()
    changed = _write(TEMPLATE, render_catalog(template))
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(messages(template))} messages", end="")
    print(" (updated)" if changed else " (unchanged)")
    return template


# --- update and init -----------------------------------------------------------------------


def update() -> None:
    template = extract()
    for language in catalog_languages():
        path = po_path(language)
        catalog = read_catalog(path, language)
        catalog.update(template, update_header_comment=False)
        catalog.fuzzy = False
        changed = _write(path, render_catalog(catalog))
        todo = len(_untranslated(catalog)) + len(_fuzzy(catalog))
        print(f"{path.relative_to(ROOT)}: {todo} to translate", end="")
        print(" (updated)" if changed else " (unchanged)")


def init(language: str) -> int:
    """A new language: its folder and a catalog with every msgid, all untranslated."""
    try:
        locale = Locale.parse(language) if re.fullmatch(r"[a-z]{2,3}", language) else None
    except UnknownLocaleError:
        locale = None
    if locale is None or language == SOURCE_LANGUAGE:
        print(f"not a language code we can add: {language!r} (a primary subtag: fr, ht, zh)")
        return 2
    path = po_path(language)
    if path.exists():
        print(f"{path.relative_to(ROOT)} exists already; use `{UPDATE_COMMAND}`")
        return 2
    template = extract()
    catalog = _new_catalog(locale)
    catalog.update(template)
    _write(path, render_catalog(catalog))
    print(f"{path.relative_to(ROOT)}: {len(messages(catalog))} messages to translate")
    return 0


# --- check ---------------------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _strings(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _untranslated(catalog: Catalog) -> list[Message]:
    return [m for m in messages(catalog).values() if not all(_strings(m.string) or [""])]


def _fuzzy(catalog: Catalog) -> list[Message]:
    return [m for m in messages(catalog).values() if m.fuzzy]


def _show(message: Message) -> str:
    text = _strings(message.id)[0]
    return repr(text if len(text) <= 70 else text[:69] + "…")


def translation_problems(message: Message) -> list[str]:
    """What is wrong with a translated message: placeholders, % signs, HTML characters."""
    sources = _strings(message.id)
    expected = set().union(*(placeholders(text) for text in sources))
    english_html = {c for text in sources for c in text if c in _HTML_CHARACTERS}
    problems = []
    for index, text in enumerate(_strings(message.string)):
        form = f" (msgstr[{index}])" if not isinstance(message.string, str) else ""
        found = placeholders(text)
        if found != expected:
            missing = ", ".join(f"%({name})s" for name in sorted(expected - found))
            extra = ", ".join(f"%({name})s" for name in sorted(found - expected))
            detail = "; ".join(
                part
                for part in (missing and f"missing {missing}", extra and f"unknown {extra}")
                if part
            )
            problems.append(f"{_show(message)}{form}: placeholders differ ({detail})")
        try:  # Jinja's newstyle gettext always applies %, so a stray % breaks the render.
            text % dict.fromkeys(found | expected, "x")
        except (ValueError, TypeError, KeyError) as error:
            problems.append(f"{_show(message)}{form}: not a valid %-format ({error})")
        html = {c for c in text if c in _HTML_CHARACTERS} - english_html
        if html:
            problems.append(
                f"{_show(message)}{form}: contains {' '.join(sorted(html))}, which the English "
                "does not (translations are inserted as HTML)"
            )
    return problems


@dataclass(frozen=True)
class Report:
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _sorted(keys: Iterable[Key]) -> list[Key]:
    return sorted(keys, key=repr)


def _difference(title: str, keys: Iterable[Key]) -> list[str]:
    return [f"{title}: {_show(Message(msgid, context=context))}" for context, msgid in keys]


def check(languages: Sequence[str] | None = None) -> Report:
    """Every problem of the committed catalogs, as lines for a developer to read."""
    problems: list[str] = []
    sources = messages(extract_catalog())
    if not TEMPLATE.exists():
        return Report([f"{TEMPLATE.relative_to(ROOT)} is missing: run `{UPDATE_COMMAND}`"])
    template = messages(read_catalog(TEMPLATE))
    stale = _difference(
        "in the sources, not in messages.pot", _sorted(sources.keys() - template.keys())
    )
    stale += _difference(
        "in messages.pot, no longer in the sources", _sorted(template.keys() - sources.keys())
    )
    if stale:
        problems += [*stale, f"the catalog is stale: run `{UPDATE_COMMAND}`"]
    for language in languages if languages is not None else catalog_languages():
        path = po_path(language)
        if not path.exists():
            problems.append(f"{language}: {path.relative_to(ROOT)} is missing")
            continue
        catalog = read_catalog(path, language)
        found = messages(catalog)
        behind = _difference(
            f"{language}: not in the .po", _sorted(template.keys() - found.keys())
        )
        behind += _difference(
            f"{language}: not in messages.pot", _sorted(found.keys() - template.keys())
        )
        if behind:
            problems += [*behind, f"{language}: the .po is stale: run `{UPDATE_COMMAND}`"]
        problems += [f"{language}: untranslated {_show(m)}" for m in _untranslated(catalog)]
        problems += [f"{language}: fuzzy {_show(m)}" for m in _fuzzy(catalog)]
        for message in found.values():
            if all(_strings(message.string) or [""]):
                problems += [f"{language}: {line}" for line in translation_problems(message)]
    return Report(problems)


# --- command line --------------------------------------------------------------------------

USAGE = "usage: python -m bot.i18n.catalogs extract | update | check | init LANG"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else ""
    if command == "extract" and len(args) == 1:
        extract()
        return 0
    if command == "update" and len(args) == 1:
        update()
        return 0
    if command == "init" and len(args) == 2:
        return init(args[1])
    if command == "check" and len(args) == 1:
        report = check()
        for line in report.problems:
            print(line)
        if report.ok:
            print(f"catalogs ok: {', '.join(catalog_languages()) or 'no languages'}")
            return 0
        print(f"{len(report.problems)} problem(s)", file=sys.stderr)
        return 1
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
