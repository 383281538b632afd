"""The Spanish and Portuguese catalogs: complete, current, well-formed, and really used.

If a test here says the catalog is stale, run ``python -m bot.i18n.catalogs update`` and
translate the new entries of ``bot/i18n/locales/<lang>/LC_MESSAGES/messages.po``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Message

from bot.app import Services, build_services
from bot.channels.telegram.application import build_application
from bot.config import Settings
from bot.core.answering import Answerer
from bot.core.answers import ChoicesAnswer, ExplainerAnswer, PlaceAnswer, View
from bot.i18n import catalogs
from bot.i18n.locales import available_languages, normalize_language
from bot.rendering import phrases
from bot.rendering.environment import Renderer
from bot.rendering.phrases import phrase
from tests.conftest import CONTENT_DIR
from tests.fakes import TelegramFake
from tests.fakes.ptb import running_application
from tests.fakes.telegram_html import parse_html

pytest_plugins = ("tests.fakes.fixtures",)

LANGUAGES = ("es", "pt")
UPDATE = "python -m bot.i18n.catalogs update"
DISCLAIMER = {
    "en": "This is information, not legal advice.",
    "es": "no asesoría legal",
    "pt": "não aconselhamento jurídico",
}


@pytest.fixture(scope="module")
def sources() -> dict[catalogs.Key, Message]:
    return catalogs.messages(catalogs.extract_catalog())


@pytest.fixture(scope="module")
def template() -> dict[catalogs.Key, Message]:
    return catalogs.messages(catalogs.read_catalog(catalogs.TEMPLATE))


def _catalog(language: str) -> dict[catalogs.Key, Message]:
    return catalogs.messages(catalogs.read_catalog(catalogs.po_path(language), language))


def _listing(title: str, keys: set[catalogs.Key]) -> str:
    if not keys:
        return ""
    return f"\n{title}:" + "".join(f"\n  {msgid!r}" for _, msgid in sorted(keys, key=repr))


# --- the catalogs ----------------------------------------------------------------------------


def test_english_spanish_and_portuguese_are_available() -> None:
    assert available_languages()[0] == "en"  # the source language, every user's default
    assert {"es", "pt"} <= set(available_languages())
    assert normalize_language("pt-BR") == "pt"
    assert normalize_language("es-419") == "es"


def test_the_catalog_is_not_stale(
    sources: dict[catalogs.Key, Message], template: dict[catalogs.Key, Message]
) -> None:
    new = sources.keys() - template.keys()
    gone = template.keys() - sources.keys()
    assert not new | gone, (
        f"The gettext catalog is stale: run `{UPDATE}` and translate the new entries in "
        "bot/i18n/locales/*/LC_MESSAGES/messages.po."
        + _listing("In the sources, not in messages.pot", new)
        + _listing("In messages.pot, no longer in the sources", gone)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_has_every_msgid(
    language: str, template: dict[catalogs.Key, Message]
) -> None:
    found = _catalog(language)
    missing = template.keys() - found.keys()
    extra = found.keys() - template.keys()
    assert not missing | extra, (
        f"{catalogs.po_path(language)} is behind messages.pot: run `{UPDATE}` and translate."
        + _listing("Missing", missing)
        + _listing("No longer used", extra)
    )


def test_extraction_is_deterministic() -> None:
    """Re-running extract on unchanged sources writes the same bytes: no dates, fixed order."""
    first = catalogs.render_catalog(catalogs.extract_catalog())
    assert catalogs.render_catalog(catalogs.extract_catalog()) == first
    for volatile in (b"POT-Creation-Date", b"PO-Revision-Date", b"Generated-By"):
        assert volatile not in first


@pytest.mark.parametrize("path", [catalogs.TEMPLATE, *map(catalogs.po_path, LANGUAGES)])
def test_the_committed_files_are_in_the_form_the_tools_write(path: Path) -> None:
    """Hand edits that a tool run would rewrite show up here, not as a surprise diff later."""
    language = None if path == catalogs.TEMPLATE else path.parents[1].name
    catalog = catalogs.read_catalog(path, language)
    assert catalogs.render_catalog(catalog) == path.read_bytes(), (
        f"{path} is not in the form `{UPDATE}` writes: run it"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_untranslated_or_fuzzy(language: str) -> None:
    problems = [
        repr(message.id)
        for message in _catalog(language).values()
        if message.fuzzy or not all(catalogs._strings(message.string) or [""])
    ]
    assert not problems, f"{language}: untranslated or fuzzy:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_preserved(language: str) -> None:
    problems = [
        line
        for message in _catalog(language).values()
        for line in catalogs.translation_problems(message)
    ]
    assert not problems, f"{language}:\n  " + "\n  ".join(problems)


def test_the_check_command_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert catalogs.main(["check"]) == 0, capsys.readouterr().out
    assert "catalogs ok" in capsys.readouterr().out


def test_the_checker_finds_broken_translations() -> None:
    def problems(msgid: str | tuple[str, str], string: str | tuple[str, ...]) -> list[str]:
        return catalogs.translation_problems(Message(msgid, string))

    assert problems("As of %(date)s.", "Dados de %(date)s.") == []
    assert "missing %(date)s" in problems("As of %(date)s.", "Dados.")[0]
    assert "unknown %(data)s" in problems("As of %(date)s.", "Dados de %(data)s.")[0]
    assert "not a valid %-format" in problems("As of %(date)s.", "100% de %(date)s.")[0]
    assert "translations are inserted as HTML" in problems("Sources:", "Fontes & links:")[0]
    plural = ("and %(num)s more", "and %(num)s more")
    assert problems(plural, ("y %(num)s más", "y %(num)s más")) == []
    assert "msgstr[1]" in problems(plural, ("y %(num)s más", "y más"))[0]


# --- rendering in every language -------------------------------------------------------------


def _english_fragments(template: dict[catalogs.Key, Message]) -> list[str]:
    """The English text of every template msgid, cut at its placeholders (3+ words only)."""
    fragments = set()
    for message in template.values():
        if not any(path.endswith(".j2") for path, _ in message.locations):
            continue
        for text in catalogs._strings(message.id):
            for piece in re.split(r"%\(\w+\)s", text):
                piece = piece.strip(" ;:,.()“”")
                if len(re.findall(r"[A-Za-z]+", piece)) >= 3:
                    fragments.add(piece)
    return sorted(fragments)


def _answer_cases(answerer: Answerer, language: str) -> dict[str, Any]:
    ask = answerer.answer
    return {
        "town": ask("Northampton MA", language=language),
        "town, detainer view": ask("Northampton MA", language=language, view=View.DETAINER),
        "town, activation view": ask("Northampton MA", language=language, view=View.ACTIVATION),
        "ZIP code": ask("01060", language=language),
        "corrected": ask("Northamton MA", language=language),
        "county": ask("Dallas County, Texas", language=language),
        "state, uncertain policy": ask("Utah", language=language),
        "state, nothing known": ask("Alaska", language=language),
        "state, uncertain date": ask("New Jersey", language=language),
        "choices": ask("Springfield", language=language),
        "not a U.S. place": ask("Tegucigalpa", language=language),
        "unknown ZIP": ask("99999", language=language),
        "not in that state": ask("Northampton TX", language=language),
        "detainer explainer": ask("what is a detainer?", language=language),
        "program explainer": ask("what is secure communities", language=language),
        "greeting": ask("hi", language=language),
        "thanks": ask("thanks", language=language),
        "not understood": ask("asdkjh qwerty zxcvb", language=language),
    }


_TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {
    "start": ("telegram/start.html.j2", {}),
    "help command": ("telegram/help.html.j2", {"bot": "jurisbot_bot"}),
    "privacy": ("telegram/privacy.html.j2", {}),
    "states": ("telegram/states.html.j2", {"page": 1, "pages": 4}),
    "usage state": ("telegram/usage.html.j2", {"command": "state"}),
    "usage policy": ("telegram/usage.html.j2", {"command": "policy"}),
    "error": ("telegram/error.html.j2", {}),
}
_WITH_DISCLAIMER = {
    "town",
    "town, detainer view",
    "town, activation view",
    "ZIP code",
    "corrected",
    "county",
    "state, uncertain policy",
    "state, nothing known",
    "state, uncertain date",
    "detainer explainer",
    "program explainer",
    "greeting",
    "start",
    "help command",
}


def _renders(answerer: Answerer, renderer: Renderer, language: str) -> Iterator[tuple[str, str]]:
    for name, answer in _answer_cases(answerer, language).items():
        assert answer.language == language
        yield name, renderer.render(answer)
        if isinstance(answer, PlaceAnswer | ExplainerAnswer | ChoicesAnswer):
            for part in renderer.render_messages(answer):
                yield f"{name} (message)", part
    for name, (template_name, variables) in _TEMPLATES.items():
        yield name, renderer.render_template(template_name, language, **variables)


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_every_kind_of_answer_renders_as_telegram_html(
    language: str,
    answerer: Answerer,
    renderer: Renderer,
    template: dict[catalogs.Key, Message],
) -> None:
    english = _english_fragments(template)
    seen = set()
    for name, html in _renders(answerer, renderer, language):
        seen.add(name)
        text = parse_html(html).text  # raises on anything Telegram would reject
        assert text.strip(), name
        if name in _WITH_DISCLAIMER:
            assert DISCLAIMER[language] in text, f"{language} {name}: no disclaimer"
        if language != "en":
            left = [fragment for fragment in english if fragment in text]
            assert not left, f"{language} {name}: English left in the output: {left}\n{text}"
    assert seen >= _WITH_DISCLAIMER


def test_english_fragments_do_show_in_english(
    answerer: Answerer, renderer: Renderer, template: dict[catalogs.Key, Message]
) -> None:
    """The no-English check above would pass vacuously if the fragments were wrong."""
    english = _english_fragments(template)
    output = "\n".join(html for _, html in _renders(answerer, renderer, "en"))
    assert len([fragment for fragment in english if fragment in output]) > 40


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_state_renders_in_each_language_without_english_template_text(
    language: str,
    answerer: Answerer,
    renderer: Renderer,
    template: dict[catalogs.Key, Message],
) -> None:
    english = _english_fragments(template)
    for state in answerer.directory.states():
        for view in View:
            answer = answerer.answer_place(state.id, view, language)
            for html in renderer.render_messages(answer):
                text = parse_html(html).text
                left = [fragment for fragment in english if fragment in text]
                assert not left, f"{language} {state.name} {view}: English left: {left}"


def test_spanish_specific_wording(answerer: Answerer, renderer: Renderer) -> None:
    output = renderer.render(answerer.answer("Northampton MA", language="es"))
    assert "This is information, not legal advice." not in output
    assert "Esto es información, no asesoría legal." in output
    assert "orden de retención" in output or "órdenes de retención" in output
    assert "Comunidades Seguras" in output
    utah = renderer.render(answerer.answer("Utah", language="es"))
    assert "Para confirmarlo, consulte con la oficina del sheriff" in utah


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "May 15, 2012"), ("es", "15 de mayo de 2012"), ("pt", "15 de maio de 2012")],
)
def test_dates_are_written_in_the_readers_language(
    language: str, expected: str, answerer: Answerer, renderer: Renderer
) -> None:
    output = renderer.render(answerer.answer("Massachusetts", language=language))
    assert expected in output
    if language != "en":
        assert "May 15, 2012" not in output
        assert "November 2026" not in output


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_examples_we_show_are_understood_in_that_language(
    language: str, answerer: Answerer
) -> None:
    """The start and help messages suggest questions: the bot must understand them."""
    detainer = answerer.answer(phrase(language, "what is a detainer?"))
    assert isinstance(detainer, ExplainerAnswer)
    assert (detainer.topic.value, detainer.language) == ("detainer", language)
    started = answerer.answer(
        phrase(language, "when did secure communities start in New Hampshire")
    )
    assert isinstance(started, PlaceAnswer)
    assert (started.place.name, started.language) == ("New Hampshire", language)
    also = phrase(
        language, "You can also ask: “what is a detainer?” or “what is Secure Communities?”."
    )
    examples = re.findall(r"“(.+?)”", also)
    assert len(examples) == 2
    for example in examples:
        answer = answerer.answer(example)
        assert isinstance(answer, ExplainerAnswer), example
        assert answer.language == language


# --- Telegram's limits -----------------------------------------------------------------------


def _units(text: str) -> int:
    """Telegram counts UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _command_menus() -> dict[str, dict[str, str]]:
    return {
        name: value
        for name, value in vars(phrases).items()
        if name.endswith("COMMANDS") and isinstance(value, dict)
    }


@pytest.mark.parametrize("language", available_languages())
def test_descriptions_and_commands_fit_telegrams_limits(language: str) -> None:
    assert 0 < _units(phrase(language, phrases.SHORT_DESCRIPTION)) <= 120
    assert 0 < _units(phrase(language, phrases.DESCRIPTION)) <= 512
    assert 0 < _units(phrase(language, phrases.TOAST_STALE)) <= 200
    for menu in _command_menus().values():
        for command, description in menu.items():
            translated = phrase(language, description)
            assert 1 <= _units(translated) <= 256, (language, command)
            # The command examples stay as they are: "/state Texas" is typed as written.
            for example in re.findall(r"/\w+", description):
                assert example in translated, (language, command, translated)


@pytest.mark.parametrize("language", available_languages())
def test_button_labels_are_short_and_keep_their_symbols(language: str) -> None:
    labels = {name: value for name, value in vars(phrases).items() if name.startswith("BUTTON_")}
    assert labels
    for name, english in labels.items():
        label = phrase(language, english, **dict.fromkeys(catalogs.placeholders(english), "42"))
        assert 0 < len(label) <= 30, (language, name, label)
        symbols = {c for c in english if not (c.isalnum() or c.isspace() or c in "%()_")}
        assert symbols <= set(label), (language, name, label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bot_descriptions_are_translated(language: str) -> None:
    for text in (phrases.DESCRIPTION, phrases.SHORT_DESCRIPTION, *phrases.COMMANDS.values()):
        assert phrase(language, text) != text


# --- end to end ------------------------------------------------------------------------------

ZE = 2001  # Telegram set to Spanish (Latin America)
BIA = 2002  # Telegram set to Portuguese (Brazil)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    url = f"sqlite:///{tmp_path_factory.mktemp('i18n') / 'jurisbot.db'}"
    services = build_services(Settings(DATABASE_URL=url, JURISBOT_CONTENT_DIR=CONTENT_DIR))
    yield services
    services.close()


@pytest.fixture
async def bot(telegram_fake: TelegramFake, services: Services) -> AsyncIterator[TelegramFake]:
    telegram_fake.add_user(ZE, "Zé", "es-419")
    telegram_fake.add_user(BIA, "Bia", "pt-BR")
    application = build_application(services, telegram_fake.token, base_url=telegram_fake.base_url)
    async with running_application(application, poll_timeout=10):
        yield telegram_fake


async def test_telegram_speaks_the_users_language(bot: TelegramFake) -> None:
    for language in LANGUAGES:
        commands = {
            c["command"]: c["description"] for c in bot.commands(language_code=language) or []
        }
        assert commands["state"] == phrase(language, phrases.COMMANDS["state"])
        assert bot.description(language) == phrase(language, phrases.DESCRIPTION)
        assert bot.short_description(language) == phrase(language, phrases.SHORT_DESCRIPTION)
    default = {c["command"]: c["description"] for c in bot.commands() or []}
    assert default["start"] == phrases.COMMANDS["start"]

    await bot.send_text(ZE, "/start")
    start = await bot.wait_for_reply(ZE)
    assert "¡Hola! Soy jurisbot." in start.text
    assert "Esto es información, no asesoría legal." in start.text

    await bot.send_text(BIA, "Massachusetts")
    answer = await bot.wait_for_reply(BIA)
    assert "15 de maio de 2012" in answer.text
    assert "Isto é informação, não aconselhamento jurídico." in answer.text
    assert answer.reply_markup is not None
    labels = [item["text"] for row in answer.reply_markup["inline_keyboard"] for item in row]
    assert any("Pedidos de detenção" in label for label in labels), labels
