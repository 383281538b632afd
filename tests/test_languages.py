"""Each resident is answered in their language, end to end through the Bot API fake: the one
they chose (/language), else the language of their question, else their app's, else English."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.app import Services, build_services
from bot.channels.telegram.application import build_application
from bot.config import Settings
from tests.conftest import CONTENT_DIR
from tests.fakes import TelegramFake
from tests.fakes.ptb import running_application
from tests.test_maintainers import press, replies, say
from tests.test_telegram_bot import button

pytest_plugins = ("tests.fakes.fixtures",)

NO_LANGUAGE = 6001  # Telegram sent no language_code
ENGLISH_APP = 6002
BRAZILIAN_APP = 6003  # pt-BR
LATAM_APP = 6004  # es-419
MAINTAINER = 6005


@pytest.fixture(scope="module")
def services(module_database_url: str) -> Iterator[Services]:
    settings = Settings(
        DATABASE_URL=module_database_url,
        JURISBOT_CONTENT_DIR=CONTENT_DIR,
        JURISBOT_ADMINS=str(MAINTAINER),
    )
    services = build_services(settings)
    yield services
    services.close()


@pytest.fixture
async def bot(telegram_fake: TelegramFake, services: Services) -> AsyncIterator[TelegramFake]:
    telegram_fake.add_user(NO_LANGUAGE, "Noa", None)
    telegram_fake.add_user(ENGLISH_APP, "Eli", "en")
    telegram_fake.add_user(BRAZILIAN_APP, "Bia", "pt-BR")
    telegram_fake.add_user(LATAM_APP, "Luz", "es-419")
    telegram_fake.add_user(MAINTAINER, "Mae", "en")
    application = build_application(services, telegram_fake.token, base_url=telegram_fake.base_url)
    async with running_application(application, poll_timeout=10):
        yield telegram_fake


async def test_a_spanish_question_gets_a_spanish_answer_whatever_the_app(
    bot: TelegramFake,
) -> None:
    for user in (NO_LANGUAGE, ENGLISH_APP, BRAZILIAN_APP):
        reply = await say(bot, user, "¿Cuándo empezó Comunidades Seguras en Massachusetts?")
        assert "15 de mayo de 2012" in reply.text, user
        assert "Esto es información, no asesoría legal." in reply.text


async def test_without_language_words_the_app_language_decides(bot: TelegramFake) -> None:
    assert "28 de setembro de 2010" in (await say(bot, BRAZILIAN_APP, "Texas")).text
    assert "28 de septiembre de 2010" in (await say(bot, LATAM_APP, "Texas")).text
    assert "September 28, 2010" in (await say(bot, NO_LANGUAGE, "Texas")).text
    start = (await say(bot, BRAZILIAN_APP, "/start")).text
    assert "Isto é informação, não aconselhamento jurídico." in start
    # A misspelt name is no language's own name: the app decides here too.
    assert "15 de maio de 2012" in (await say(bot, BRAZILIAN_APP, "massachusets")).text
    assert "May 15, 2012" in (await say(bot, ENGLISH_APP, "massachusets")).text


async def test_a_chosen_language_wins_and_forget_erases_it(
    bot: TelegramFake, services: Services
) -> None:
    chosen = await say(bot, BRAZILIAN_APP, "/language es")
    assert "Desde ahora le responderé en Español" in chosen.text
    assert "28 de septiembre de 2010" in (await say(bot, BRAZILIAN_APP, "Texas")).text
    # Even a Portuguese question is answered in the chosen language.
    reply = await say(bot, BRAZILIAN_APP, "Quando começou o Comunidades Seguras no Texas?")
    assert "28 de septiembre de 2010" in reply.text
    # The buttons of /language.
    menu = await say(bot, BRAZILIAN_APP, "/language")
    assert {"English", "Español", "Português"} <= {
        b["text"] for row in (menu.reply_markup or {}).get("inline_keyboard", []) for b in row
    }
    assert "A partir de agora vou responder em Português" in await press(
        bot, BRAZILIAN_APP, menu, "Português"
    )
    assert services.subscriptions.language_of(BRAZILIAN_APP) == "pt"
    prompt = await say(bot, BRAZILIAN_APP, "/forget")
    await bot.press_button(BRAZILIAN_APP, prompt, button(prompt, "apagar"))
    await bot.wait_for_reply(BRAZILIAN_APP)
    assert services.subscriptions.language_of(BRAZILIAN_APP) is None
    assert "28 de setembro de 2010" in (await say(bot, BRAZILIAN_APP, "Texas")).text  # the app


async def test_residents_of_different_languages_at_the_same_moment(bot: TelegramFake) -> None:
    questions = {
        LATAM_APP: ("Vermont", "22 de mayo de 2012"),
        BRAZILIAN_APP: ("Vermont", "22 de maio de 2012"),
        ENGLISH_APP: ("Vermont", "May 22, 2012"),
    }
    updates = await asyncio.gather(*(bot.send_text(user, q) for user, (q, _) in questions.items()))
    for update, (user, (_, expected)) in zip(updates, questions.items(), strict=True):
        reply = await bot.wait_for_reply(user, after=update.seq)
        assert expected in reply.text, user


async def test_untranslated_content_says_so(bot: TelegramFake) -> None:
    parts = await replies(
        bot,
        MAINTAINER,
        "/addpolicy Somerville MA | The city council extended its welcoming ordinance. | "
        "https://example.org/somerville | stance=limits",
        2,
    )
    await press(bot, MAINTAINER, parts[1], "Confirm")
    spanish = (await say(bot, LATAM_APP, "Somerville MA")).text
    assert "The city council extended its welcoming ordinance. (Aún sin traducir.)" in spanish
    english = (await say(bot, ENGLISH_APP, "Somerville MA")).text
    assert "translated" not in english
