"""The ``jurisbot`` command: ask, chat, content validate|load|export, run."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot import exits
from bot.config import Settings, settings_problems
from bot.storage.database import DatabaseUnavailable


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jurisbot",
        description="Secure Communities activation dates and ICE detainer policies, "
        "for every U.S. place.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer one question and exit")
    ask.add_argument("question", nargs="+", help='e.g. "when did secure communities start in NH"')
    ask.add_argument("--lang", default=None, help="answer language (en, es, pt)")

    chat = commands.add_parser("chat", help="an interactive conversation in the terminal")
    chat.add_argument("--lang", default=None, help="answer language (en, es, pt)")

    content = commands.add_parser("content", help="check or load the content files")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    validate = content_commands.add_parser("validate", help="check schema and rules")
    validate.add_argument("directory", nargs="?", type=Path, default=None)
    load = content_commands.add_parser("load", help="load content into the database")
    load.add_argument("directory", nargs="?", type=Path, default=None)
    export = content_commands.add_parser(
        "export", help="write the live content, chat edits included, as YAML"
    )
    export.add_argument("directory", type=Path)

    commands.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("ask", "chat", "content") and hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `jurisbot ask ... | head` ends quietly
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = Settings()
    except ValidationError as error:
        for line in settings_problems(error):
            print(f"jurisbot: {line}", file=sys.stderr)
        return exits.CONFIGURATION
    try:
        return _dispatch(args, settings)
    except DatabaseUnavailable as error:
        print(f"jurisbot: {error}", file=sys.stderr)
        return exits.UNAVAILABLE


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "ask":
        from bot.channels.console.chat import ask

        return ask(settings, " ".join(args.question), args.lang)
    if args.command == "chat":
        from bot.channels.console.chat import chat

        return chat(settings, args.lang)
    if args.command == "content":
        from bot.content.commands import export_command, load_command, validate_command

        directory = args.directory or settings.content_dir
        if args.content_command == "validate":
            return validate_command(directory)
        if args.content_command == "export":
            return export_command(settings, directory)
        return load_command(settings, directory)
    if args.command == "run":
        from bot.channels.telegram.application import run

        return run(settings)
    return exits.CONFIGURATION


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
