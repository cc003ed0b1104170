"""Accommodations across two plans (the review's accommodation quotes): removed or added.

A plan may list them one per line, several in a line split by semicolons, or as tick boxes
("☒ Visual schedule ☐ Scribe", where only a ticked box is given), so each quote is cut into items first.
"""

from __future__ import annotations

import re

from ..structure.model import Evidence
from .model import Change
from .pairing import pair_up
from .text import content_stems, dice, fold, words
from .wording import make_change

TICKED, UNTICKED = "☒☑✔✓■", "☐□"
_BOX = re.compile(f"([{TICKED}{UNTICKED}])")
# Plans reword an accommodation from year to year, in any order and inflection ("Directions repeated and
# rephrased" / "Repeat and rephrase directions"; "Access to a word bank for written tasks" / "Word bank
# available for written tasks": 0.8), so two are compared by the share of their meaning words (trimmed of
# -s, -ed, -ing) they have in common. Two different accommodations of one plan share at most 0.5 (all 1,119
# pairs within the plans of ../shared/corpus and tests/fixtures); 0.7 keeps a margin above that and accepts
# a rewording that keeps about 70% of its words.
SAME_ACCOMMODATION = 0.7
# One phrase inside the other ("Extra time on tests" / "Extra time on tests (time and a half)") is the same
# accommodation spelled out, when the shorter names at least this many words: a lone "Breaks" is not enough.
MIN_WORDS_CONTAINED = 2


def accommodation_changes(old: list[Evidence], new: list[Evidence]) -> list[Change]:
    pairing = pair_up(items(old), items(new), lambda a, b: similarity(a.text, b.text), SAME_ACCOMMODATION)
    removed = [make_change("accommodation_removed", a.text, a.text, None, old_evidence=[a])
               for a in pairing.only_old]
    added = [make_change("accommodation_added", a.text, None, a.text, new_evidence=[a])
             for a in pairing.only_new]
    return removed + added


def items(quotes: list[Evidence]) -> list[Evidence]:
    """Each accommodation on its own, with the page of the quote it came from."""
    found: list[Evidence] = []
    for quote in quotes:
        for part in _parts(quote.text):
            if fold(part):
                found.append(Evidence(quote.page, part, quote.ocr))
    return found


def _parts(text: str) -> list[str]:
    if _BOX.search(text):
        pieces = _BOX.split(text)
        # pieces: [before, box, text, box, text, ...]; keep the text after each ticked box
        return [pieces[i + 1].strip(" ,;") for i in range(1, len(pieces) - 1, 2) if pieces[i] in TICKED]
    return [part.strip() for part in text.split(";")]


def similarity(a: str, b: str) -> float:
    words_a, words_b = words(a), words(b)
    if words_a == words_b:
        return 1.0
    shorter, longer = sorted((words_a, words_b), key=len)
    if len(shorter) >= MIN_WORDS_CONTAINED and f" {' '.join(shorter)} " in f" {' '.join(longer)} ":
        return max(SAME_ACCOMMODATION, dice(content_stems(a), content_stems(b)))
    return dice(content_stems(a), content_stems(b))
