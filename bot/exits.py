"""The exit codes of the ``jurisbot`` command, in one place."""

from __future__ import annotations

FAILED = 1  # the work could not be done (invalid content, a start-up call refused)
CONFIGURATION = 2  # a setting is missing or wrong: one line says which
UNAVAILABLE = 69  # sysexits.h EX_UNAVAILABLE: the database or the Bot API is out of reach
