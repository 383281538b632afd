"""The console channel: the same core and templates as Telegram, rendered as plain text."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.app import Services, build_services
from bot.config import Settings
from bot.core.answers import Answer, ChoicesAnswer
from bot.i18n.locales import normalize_language


def ask(settings: Settings, question: str, language: str | None) -> int:
    services = build_services(settings)
    try:
        answer = services.answerer.answer(question, language=normalize_language(language))
        print(services.renderer.render(answer, fmt="text"))
    finally:
        services.close()
    return 0


def chat(
    settings: Settings,
    language: str | None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    services = build_services(settings)
    lang = normalize_language(language)
    pending: ChoicesAnswer | None = None
    prompt = "> "
    try:
        print(_render(services, services.answerer.answer("help", language=lang)), file=stdout)
        while True:
            print(prompt, end="", file=stdout, flush=True)
            line = stdin.readline()
            if not line or line.strip().lower() in {"quit", "exit", "/quit"}:
                break
            text = line.strip()
            if pending is not None and text.isdigit() and 1 <= int(text) <= len(pending.options):
                place = pending.options[int(text) - 1]
                answer: Answer = services.answerer.answer_place(
                    place.id, pending.view, pending.language
                )
            else:
                answer = services.answerer.answer(text, language=lang)
            pending = answer if isinstance(answer, ChoicesAnswer) else None
            print(_render(services, answer), file=stdout)
            if pending is not None:
                print("(type a number to choose)", file=stdout)
    except KeyboardInterrupt:
        pass
    finally:
        services.close()
    return 0


def _render(services: Services, answer: Answer) -> str:
    return services.renderer.render(answer, fmt="text") + "\n"
