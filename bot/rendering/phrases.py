"""Short texts that are not templates: button labels, command menu entries, bot descriptions.

Each is a real English sentence used as a gettext msgid, so the catalogs translate it like any
template text (``N_`` only marks it for extraction).
"""

from __future__ import annotations

from bot.i18n.locales import translations


def N_(message: str) -> str:
    return message


# Buttons under answers.
BUTTON_ACTIVATION = N_("🗓 Start date")
BUTTON_DETAINER = N_("⚖️ Detainer policy")
BUTTON_STATES = N_("🗺 Browse states")
BUTTON_PREVIOUS = N_("‹ Previous")
BUTTON_NEXT = N_("Next ›")
BUTTON_UP = N_("⬆ %(place)s")

# The command menu (setMyCommands): command -> description.
COMMANDS = {
    "start": N_("What this bot does and how to ask"),
    "states": N_("Browse the states"),
    "state": N_("When Secure Communities started: /state Texas"),
    "policy": N_("ICE detainer policy: /policy Boston MA"),
    "help": N_("How to ask"),
    "privacy": N_("What is stored about you (nothing, unless you subscribe)"),
    "language": N_("Choose your language: /language es"),
    "subscribe": N_("Get updates about a place: /subscribe Boston MA"),
    "subscriptions": N_("Your subscriptions"),
    "forget": N_("Erase everything stored about you"),
}

# setMyDescription (≤ 512 characters) and setMyShortDescription (≤ 120 characters).
DESCRIPTION = N_(
    "When did the federal Secure Communities program start in your state, county or town, and "
    "does the local jail hold people for ICE (detainers)? Ask in your own words: a state, a "
    "town, a ZIP code. Every answer shows its sources and date. Information, not legal advice."
)
SHORT_DESCRIPTION = N_(
    "Secure Communities start dates and ICE detainer policies for every U.S. place, sourced."
)

# Inline mode ("@bot Boston MA" in any chat): result titles and buttons.
INLINE_ACTIVATION = N_("%(place)s: when Secure Communities started")
INLINE_DETAINER = N_("%(place)s: ICE detainer policy")
INLINE_OPEN_ANSWER = N_("Open in the bot")
INLINE_OPEN_BOT = N_("How to ask: open the bot")

# Flood control: a message (told once) and a toast.
TOO_FAST = N_(
    "You are sending messages faster than I can answer. Please wait a moment, then send one "
    "question at a time."
)
TOAST_TOO_FAST = N_("Too fast: please wait a moment and press again.")

# Toasts (answerCallbackQuery, ≤ 200 characters).
TOAST_STALE = N_("This button is out of date. Please ask again.")
TOAST_NOT_YOURS = N_("Only the person who asked for this change can confirm or cancel it.")


def phrase(language: str, message: str, **variables: str) -> str:
    text = str(translations(language).ugettext(message))
    return text % variables if variables else text


# Staff command menus (BotCommandScopeChat), added to the residents' commands.
ORGANIZER_COMMANDS = {
    "broadcast": N_("Send a message to a place's subscribers"),
    "broadcasts": N_("Recent broadcasts and their delivery"),
}
MAINTAINER_COMMANDS = {
    "setdate": N_("Set a statewide activation date"),
    "addpolicy": N_("Add a detainer-policy version"),
    "history": N_("Versions of a place's facts"),
    "revert": N_("Go back one version"),
    "stale": N_("Records older than N months"),
    "reports": N_("Corrections from residents"),
    "audit": N_("The last 20 staff actions"),
    "grant": N_("Give a role: /grant USER_ID organizer"),
    "revoke": N_("Take a role away: /revoke USER_ID"),
    **ORGANIZER_COMMANDS,
}

# Buttons under previews and reports.
BUTTON_CONFIRM = N_("✅ Confirm")
BUTTON_CANCEL = N_("✖ Cancel")
BUTTON_RESOLVE = N_("✔ Resolved #%(id)s")

# Subscriptions and broadcasts.
BUTTON_SUBSCRIBE = N_("🔔 Subscribe")
BUTTON_FORGET = N_("Yes, erase everything")
BUTTON_SEND = N_("📣 Send")
BUTTON_APPROVE = N_("✅ Approve")
BUTTON_NOTIFY = N_("📣 Notify subscribers (%(count)s)")
