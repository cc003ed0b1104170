"""Folding and similarity of short texts (service names, goals, accommodations) across two plans.

Two years' plans are typed by different people in different templates, so nothing is compared as
printed: case, punctuation and white space are folded first, and dates are masked in goals.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
# A date or a year in any of the ways plans print them; goals move these on a year when copied forward.
_DATES = (
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_MONTHS})\.?,?\s+(?:of\s+)?\d{{4}}\b", re.IGNORECASE),
    re.compile(r"\b(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}\b"),  # school years: 2025-2026, 2025–26
    re.compile(r"\b(?:19|20)\d{2}\b"),
)
DATE_MARK = "‹date›"
# "Goal 2:", "Annual Goal #1 -", "Meta 1 / Goal 1:": numbering shifts when another goal is dropped.
_GOAL_LABEL = re.compile(r"^\s*(?:\w+\s+\d+\s*/\s*)?(?:annual\s+)?goal\s*#?\s*\d+[a-z]?\s*[:.)\-–]\s*", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9%]+|‹date›")


def fold(text: str | None) -> str:
    """Lower case, apostrophes unified, every run of punctuation or space one space."""
    text = (text or "").lower().replace("\u2019", "'").replace("'", "")
    return " ".join(re.findall(r"[a-z0-9%]+", text))


def words(text: str | None) -> list[str]:
    return fold(text).split()


def mask_dates(text: str) -> str:
    for pattern in _DATES:
        text = pattern.sub(f" {DATE_MARK} ", text)
    return text


def goal_words(text: str) -> list[str]:
    """A goal's words with its dates masked and its number label dropped."""
    masked = mask_dates(_GOAL_LABEL.sub("", text, count=1)).lower().replace("\u2019", "").replace("'", "")
    return _WORD.findall(masked)


def sequence_ratio(a: list[str], b: list[str]) -> float:
    """difflib's ratio over word lists: 2·(words in common, in order) / (total words). 1.0 means identical."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def initials(text: str) -> str:
    """ "Speech-Language Pathologist" → "slp": plans write a role out one year and abbreviate it the next."""
    return "".join(word[0] for word in words(text))


def compact(text: str) -> str:
    return fold(text).replace(" ", "")


# Words that carry no meaning of their own in a short item such as an accommodation.
# Words that link or grant ("allowed", "permitted", "available") say nothing about which support it is:
# "Spell-check allowed on written work" / "Spell check permitted on written assignments".
_LINKING_WORDS = frozenset({"a", "an", "the", "to", "of", "for", "and", "or", "with", "in", "on", "at", "by", "from",
                            "as", "when", "during", "his", "her", "their", "all", "any", "is", "be", "will",
                            "allowed", "permitted", "available", "provided", "given", "offered", "may", "can"})
_SUFFIXES = ("ing", "ed", "es", "s", "e")


def stem(word: str) -> str:
    """A crude suffix trim, enough to make "repeated"/"repeat", "rephrased"/"rephrase", "chunks"/"chunked"
    one word. Only used to compare two phrasings, never shown."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(text: str | None) -> set[str]:
    return {stem(word) for word in words(text) if word not in _LINKING_WORDS}


def dice(a: set[str], b: set[str]) -> float:
    """2·|shared| / (|a| + |b|): how much of two short phrasings is the same words, in any order."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
