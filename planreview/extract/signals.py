"""Signs in a Section 504 Plan that the child may need an IEP evaluation instead (plan-elements.md §3).

Only what the plan says about the child counts (discussion, performance, background), not its list
of accommodations: "Seat near teacher" is the school's answer, not a sign of need. A statement that
is negated ("no concerns with attention", "has not had any outbursts") is not a signal, nor is one about
the condition in general ("Hearing loss can contribute to… difficulty paying attention"), nor a sign the
sentence itself puts down to something else (a child with hearing loss "misses spoken directions").
"""

from __future__ import annotations

import re
from functools import cache

from ..matching import Hit, family, tokenize
from ..structure.model import Evidence, PlanStructure
from .model import Signal
from .tables import checked_text

# Sections under headings we do not know ("unknown") are not read: in 504s they are mostly rights
# notices ("If at any time you believe your child is not making progress…") and lists of sources, and
# reading them found no missed signal in the fixture sets but three false ones. A narrative heading we
# miss belongs in patterns/headings.yaml instead.
NARRATIVE_KINDS = {"preamble", "team_discussion", "present_levels", "parent_concerns", "strengths",
                   "disability_impact", "evaluation_data", "special_factors", "major_life_activity"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


GENERIC_SHARE = 0.8  # OCR: the same package of supports for every student with a diagnosis is not a plan
GENERIC_MIN_ITEMS = 3


def extract_signals(plan: PlanStructure, accommodations: list[Evidence]) -> list[Signal]:
    if plan.plan_type != "504":
        return []
    found: dict[str, Signal] = {}
    extras = family("signals").in_scope("more")
    for section in plan.sections:
        if section.kind not in NARRATIVE_KINDS:
            continue
        for quote in section.evidence():
            # On a checklist only the ticked lines are said about this child.
            sentences = SENTENCE_END.split(checked_text(quote.text))
            for index, sentence in enumerate(sentences):
                for signal_id in signals_in(sentence, before=sentences[index - 1] if index else ""):
                    found.setdefault(signal_id, Signal(signal_id, quote.page, sentence.strip(), quote.ocr,
                                                       contract=signal_id not in extras))
    generic = generic_accommodations(accommodations)
    if generic:
        found["plan_is_generic"] = generic
    return list(found.values())


def generic_accommodations(items: list[Evidence]) -> Signal | None:
    """A list made only of stock supports (seating, extra time, breaks…) with nothing made for this child."""
    if len(items) < GENERIC_MIN_ITEMS:
        return None
    stock = [i for i in items if "stock_accommodation" in family("elements").labels(i.text)]
    if len(stock) / len(items) < GENERIC_SHARE:
        return None
    return Signal("plan_is_generic", items[0].page, "; ".join(i.text for i in items), items[0].ocr, contract=False)


def signals_in(sentence: str, before: str = "") -> list[str]:
    """Signal ids stated (not negated) in one sentence about this child, in order. `before` is the sentence
    before it, which may give the reason a statement needs ("Her grades are all A's. Her anxiety does not…")."""
    folded = " ".join(sentence.lower().split())
    if any(phrase in folded for phrase in _general_statements()):
        return []  # "Students who…", "Signs of low blood sugar may include…" describe no one child
    ids: list[str] = []
    words = {t.lower_ for t in tokenize(sentence)}
    dismissal_ids, dismissal_words = _needs_dismissal()
    for hit in family("signals").find(sentence):
        if hit.negatable and is_negated(sentence, hit):
            continue
        if words.intersection(_explained_otherwise().get(hit.label, ())):
            continue  # "misses spoken directions" when the sentence is about hearing is not inattention
        if hit.pattern_id in dismissal_ids and not dismisses(sentence, before, dismissal_words):
            continue  # "Her conditions do not currently affect her learning" in a plan that grants help is a fact
        if hit.label not in ids:
            ids.append(hit.label)
    return ids


@cache
def _general_statements() -> tuple[str, ...]:
    return tuple(str(p).lower() for p in family("signals").negation.get("not_about_the_child", []))


def dismisses(sentence: str, before: str, cue_words: frozenset[str]) -> bool:
    """A "no academic impact" statement used to turn a need away: with a reason from grades, a team's finding
    or a decision against help, in its own sentence or the one before."""
    return any({t.lower_ for t in tokenize(text)} & cue_words for text in (sentence, before) if text)


@cache
def _needs_dismissal() -> tuple[frozenset[str], frozenset[str]]:
    config = family("signals").negation.get("needs_dismissal") or {}
    return (frozenset(str(p) for p in config.get("patterns", ())),
            frozenset(str(w).lower() for w in config.get("words", ())))


@cache
def _explained_otherwise() -> dict[str, frozenset[str]]:
    """Per signal, words that put the sign down to something else in the same sentence (hearing, vision)."""
    config = family("signals").negation.get("explained_otherwise") or {}
    return {str(label): frozenset(str(w).lower() for w in words) for label, words in config.items()}


@cache
def _negation() -> tuple[int, tuple[tuple[str, ...], ...], frozenset[str]]:
    config = family("signals").negation
    cues = tuple(tuple(t.lower_ for t in tokenize(str(cue))) for cue in config.get("before", []))
    breaks = frozenset(str(b).lower() for b in config.get("clause_breaks", []))
    return int(config.get("window", 5)), cues, breaks


def is_negated(sentence: str, hit: Hit, window: int | None = None) -> bool:
    """A negation cue within the few words before the hit, with no clause break between them."""
    default_window, cues, breaks = _negation()
    window = window or default_window
    before = [t.lower_ for t in tokenize(sentence[: hit.start])]
    for index in range(len(before) - 1, -1, -1):
        if before[index] in breaks:
            before = before[index + 1:]
            break
    before = before[-window:]
    for cue in cues:
        size = len(cue)
        if any(tuple(before[i:i + size]) == cue for i in range(len(before) - size + 1)):
            return True
    return False
