"""Who the bot listens to: everything in private chats; in groups only what is addressed to it."""

from __future__ import annotations

from telegram import Bot, Message, MessageEntity
from telegram.ext.filters import MessageFilter


class AddressedToBot(MessageFilter):
    """A group message that mentions the bot (@name) or replies to one of its messages."""

    def __init__(self, bot: Bot) -> None:
        super().__init__(name="AddressedToBot")
        self._bot = bot

    def filter(self, message: Message) -> bool:
        username = self._bot.username.lower() if self._bot.username else None
        reply = message.reply_to_message
        if (
            reply is not None
            and reply.from_user is not None
            and reply.from_user.id == self._bot.id
        ):
            return True
        if username is None:
            return False
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return any(mention.lower() == f"@{username}" for mention in mentions)
