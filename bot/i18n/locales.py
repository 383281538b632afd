"""Languages and their gettext catalogs (``bot/i18n/locales/<lang>/LC_MESSAGES/messages.po``).

Adding a language is adding its catalog and content text: the list of languages is read from
the catalog folders, English being the source language of every msgid.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.core import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"
DOMAIN = "messages"


@cache
def available_languages() -> tuple[str, ...]:
    found = (
        sorted(
            p.name for p in LOCALES_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").exists()
        )
        if LOCALES_DIR.exists()
        else []
    )
    return (SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE])


def normalize_language(code: str | None) -> str | None:
    """``es-419`` -> ``es``, ``pt-BR`` -> ``pt``; None for languages we do not speak."""
    if not code:
        return None
    primary = code.replace("_", "-").split("-")[0].lower()
    return primary if primary in available_languages() else None


@cache
def translations(language: str) -> NullTranslations:
    """Compiled from the committed .po catalog on first use (no build step needed)."""
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == SOURCE_LANGUAGE or not po_path.exists():
        return NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    from io import BytesIO

    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@cache
def locale(language: str) -> Locale:
    return Locale.parse({"pt": "pt_BR"}.get(language, language))


def native_name(language: str) -> str:
    """The language's name in itself: English, Español, Português."""
    name = Locale.parse(language).language_name or language
    return name[:1].upper() + name[1:]
