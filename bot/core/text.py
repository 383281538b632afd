"""Text normalisation shared by the place directory and the question parser."""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500  # only the start of a huge message is read; the rest cannot matter

_ABBREVIATION = re.compile(r"\b(?:[a-z]\.){2,}", re.IGNORECASE)  # N.H. D.C. U.S.
_SAINT = re.compile(r"\b(st|ste|saint|sainte)\b\.?", re.IGNORECASE)
_FT = re.compile(r"\bft\b\.?", re.IGNORECASE)
_MT = re.compile(r"\bmt\b\.?", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_input(text: str) -> str:
    """Drop control and format characters (RTL marks, zero-width joiners) and cap the length."""
    text = unicodedata.normalize("NFKC", text[: MAX_QUESTION_CHARS * 2])
    kept = (ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return "".join(kept)[:MAX_QUESTION_CHARS]


def collapse_abbreviations(text: str) -> str:
    """N.H. -> NH, D.C. -> DC (the case is kept: upper-case codes are read as state codes)."""
    return _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)


def normalize_name(text: str) -> str:
    """The key under which a place name is indexed: lower case, no accents or punctuation,
    one spelling of Saint/Fort/Mount."""
    text = strip_accents(collapse_abbreviations(text)).casefold()
    text = _SAINT.sub("saint", text)
    text = _FT.sub("fort", text)
    text = _MT.sub("mount", text)
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokenize(text: str) -> list[str]:
    """Word tokens of a question, case kept (state codes are recognised by their case)."""
    text = collapse_abbreviations(text).replace("'", "").replace("’", "")
    return _TOKEN.findall(text)


def slugify(text: str) -> str:
    return normalize_name(text).replace(" ", "-")
