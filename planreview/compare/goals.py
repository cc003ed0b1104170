"""Goals across two plans: carried over unchanged (recycled), changed (revised), dropped or added.

Similarity is difflib's ratio over the goals' words, in order, once case and punctuation are folded,
dates and years masked (a goal copied forward has its target date moved on a year) and a "Goal 2:" label
dropped. Word order matters in a goal ("from 64 to 94"), so a set-of-words measure would be too lenient.
"""

from __future__ import annotations

from ..extract.model import Goal
from ..structure.model import Evidence
from .model import Change
from .pairing import pair_up
from .text import goal_words, sequence_ratio
from .wording import make_change

# Two different goals of one plan (same student, same template, often the same area) reach a ratio of at
# most 0.44: measured over all 161 pairs of goals within the 100 plans of ../shared/corpus and
# tests/fixtures. A goal rewritten from last year keeps most of its words (changing one number gives about
# 0.95). 0.55 keeps a clear margin above the closest two different goals, while still pairing a revision
# that rewrote close to half the goal.
SAME_GOAL = 0.55


def goal_changes(old: list[Goal], new: list[Goal]) -> list[Change]:
    old_words = {id(g): goal_words(g.text) for g in old}
    new_words = {id(g): goal_words(g.text) for g in new}
    pairing = pair_up(old, new, lambda a, b: sequence_ratio(old_words[id(a)], new_words[id(b)]), SAME_GOAL)
    changes: list[Change] = []
    for before, after in pairing.pairs:
        # Recycled means the same words with at most the dates moved (corpus README, "Compare pairs"); a new
        # criterion or target ("3 consecutive data days" → "5") is a revision, however small.
        kind = "goal_recycled" if old_words[id(before)] == new_words[id(after)] else "goal_revised"
        changes.append(make_change(kind, after.text, before.text, after.text,
                                   old_evidence=quote(before), new_evidence=quote(after)))
    changes += [make_change("goal_dropped", g.text, g.text, None, old_evidence=quote(g)) for g in pairing.only_old]
    changes += [make_change("goal_added", g.text, None, g.text, new_evidence=quote(g)) for g in pairing.only_new]
    return changes


def quote(goal: Goal) -> list[Evidence]:
    return [Evidence(goal.page, goal.text, goal.ocr)]
