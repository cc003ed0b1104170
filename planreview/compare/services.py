"""Services across two plans: which service this year is which last year, then what changed in it.

Names drift between years ("Speech/Language Services" → "Speech-Language Therapy", "OT Services" →
"Occupational Therapy"), so a service is paired by, in order: the same name once case and punctuation are
folded; the same kind of service (patterns/compare.yaml `service_families`); the words its names share;
and, for a name that says nothing of the kind, the same provider role when only one service has it."""

from __future__ import annotations

from collections import Counter

from ..extract.model import ServiceLine
from ..structure.model import Evidence
from .model import Change
from .pairing import pair_up
from .text import compact, fold, initials, jaccard, words
from .wording import Vocabulary, make_change, vocabulary

# Names that share at least half their telling words (Jaccard ≥ 0.5) name the same service: "Resource Math
# Support" / "Math Support" (1 of 2 words), while "Reading Instruction" / "Math Instruction" share none once
# "instruction" is set aside. The same kind of service (both speech, both OT) counts as much as most words.
SAME_SERVICE = 0.5
SAME_FAMILY = 0.8
FAMILY_WORDS_WEIGHT = 0.1
# A change of less than this many minutes a week is rounding between two ways of writing one amount
# (per month × 12/52, per 9 weeks / 9), not a change of service; the smallest real change, a few minutes a
# month, is about 1 minute a week.
MINUTES_TOLERANCE = 0.6
# Tie-breakers between equally named rows (three "Specialized instruction" rows): the same room, provider
# and amount pair up first. Too small to make a pair on their own.
TIE_BREAK = 0.01
GENERAL, SEPARATE = "general", "separate"


def service_changes(old: list[ServiceLine], new: list[ServiceLine]) -> list[Change]:
    vocab = vocabulary()
    unique_roles = _roles_listed_once(old) & _roles_listed_once(new)
    pairing = pair_up(old, new, lambda a, b: _similarity(a, b, vocab, unique_roles), SAME_SERVICE)
    changes: list[Change] = []
    for before, after in pairing.pairs:
        changes += _amount_change(before, after)
        changes += _provider_change(before, after, vocab)
        changes += _location_change(before, after)
    changes += [make_change("service_dropped", s.service, s.minutes_per_week, None, old_evidence=quote(s))
                for s in pairing.only_old]
    changes += [make_change("service_added", s.service, None, s.minutes_per_week, new_evidence=quote(s))
                for s in pairing.only_new]
    return changes


def quote(service: ServiceLine) -> list[Evidence]:
    return [Evidence(service.page, service.text or service.service, service.ocr)]


def families(name: str, vocab: Vocabulary) -> set[str]:
    padded = f" {fold(name)} "
    return {family for family, phrases in vocab.service_families.items()
            if any(f" {phrase} " in padded for phrase in phrases)}


def name_similarity(a: str, b: str, vocab: Vocabulary) -> float:
    """How surely two printed names are the same service, 0 to 1 (0: surely not)."""
    if fold(a) == fold(b):
        return 1.0
    kinds_a, kinds_b = families(a, vocab), families(b, vocab)
    if kinds_a and kinds_b and not kinds_a & kinds_b:
        return 0.0  # speech is never OT, however the rows are worded
    telling_a = set(words(a)) - vocab.service_filler_words
    telling_b = set(words(b)) - vocab.service_filler_words
    shared = jaccard(telling_a, telling_b) if telling_a and telling_b else jaccard(set(words(a)), set(words(b)))
    # Of two reading services, the one sharing more words with last year's name is the likelier same one.
    return max(shared, SAME_FAMILY + FAMILY_WORDS_WEIGHT * shared) if kinds_a & kinds_b else shared


def _similarity(a: ServiceLine, b: ServiceLine, vocab: Vocabulary, unique_roles: set[str]) -> float:
    score = name_similarity(a.service, b.service, vocab)
    if score == 0.0 and families(a.service, vocab) and families(b.service, vocab):
        return 0.0
    if score < SAME_SERVICE and a.provider_role and a.provider_role == b.provider_role \
            and a.provider_role in unique_roles:
        score = SAME_SERVICE  # "Communication services" (SLP) last year is "Speech" (SLP) this year
    if score < SAME_SERVICE:
        return score
    same = [fold(a.location) == fold(b.location), fold(a.provider) == fold(b.provider),
            a.minutes_per_week == b.minutes_per_week]
    return score + TIE_BREAK * sum(same)


def _roles_listed_once(services: list[ServiceLine]) -> set[str]:
    counts = Counter(s.provider_role for s in services if s.provider_role)
    return {role for role, n in counts.items() if n == 1}


def _amount_change(old: ServiceLine, new: ServiceLine) -> list[Change]:
    before, after = old.minutes_per_week, new.minutes_per_week
    evidence = {"old_evidence": quote(old), "new_evidence": quote(new)}
    if before is not None and after is not None:
        if after < before - MINUTES_TOLERANCE:
            return [make_change("service_reduced", new.service, before, after, **evidence)]
        if after > before + MINUTES_TOLERANCE:
            return [make_change("service_increased", new.service, before, after, **evidence)]
        return []
    # Only an amount the plan itself leaves open ("as needed", "TBD") counts; an amount planreview could
    # not read ("unclear") says nothing about the school's promise.
    if before is not None and new.amount_status == "no_amount":
        return [make_change("service_reduced", new.service, before, None, variant="no_set_amount", **evidence)]
    if after is not None and old.amount_status == "no_amount":
        return [make_change("service_increased", new.service, None, after, variant="now_set_amount", **evidence)]
    return []


def same_provider(a: ServiceLine, b: ServiceLine, vocab: Vocabulary) -> bool:
    """The same kind of provider, however it is written: "SLP" / "Speech-Language Pathologist", "Resource
    Teacher" / "Special Education Teacher". A new person in the same role is not a change of provider; an
    assistant where a licensed therapist was (a COTA for an OTR/L) is, though both are "occupational therapy"."""
    printed_a, printed_b = a.provider or "", b.provider or ""
    if fold(printed_a) == fold(printed_b) or compact(printed_a) in (initials(printed_b), compact(printed_b)) \
            or compact(printed_b) == initials(printed_a):
        return True
    if _is_assistant(printed_a, vocab) != _is_assistant(printed_b, vocab):
        return False
    if a.provider_role and b.provider_role:
        return a.provider_role == b.provider_role
    return set(words(printed_a)) <= set(words(printed_b)) or set(words(printed_b)) <= set(words(printed_a))


def _is_assistant(printed: str, vocab: Vocabulary) -> bool:
    padded = f" {fold(printed)} "
    return any(f" {word} " in padded for word in vocab.assistant_words)


def _provider_change(old: ServiceLine, new: ServiceLine, vocab: Vocabulary) -> list[Change]:
    # A provider one plan leaves blank is a gap the single-plan review reports; here only two named
    # providers can differ.
    if not old.provider or not new.provider or same_provider(old, new, vocab):
        return []
    return [make_change("provider_changed", new.service, old.provider, new.provider,
                        old_evidence=quote(old), new_evidence=quote(new))]


def _location_change(old: ServiceLine, new: ServiceLine) -> list[Change]:
    if not old.location or not new.location:
        return []
    settings = (old.location_setting, new.location_setting)
    if all(settings):
        # Both settings are known: the setting decides ("Gen Ed" and "General education classroom" are one
        # place; "Resource" and "Gen ed classroom" are not), so rewording alone is never a move.
        if settings[0] == settings[1]:
            return []
    elif _same_place(old.location, new.location):
        return []
    variant = {(GENERAL, SEPARATE): "to_separate", (SEPARATE, GENERAL): "to_general"}.get(settings)
    return [make_change("location_changed", new.service, old.location, new.location, variant=variant,
                        old_evidence=quote(old), new_evidence=quote(new))]


def _same_place(a: str, b: str) -> bool:
    words_a, words_b = set(words(a)), set(words(b))
    return words_a <= words_b or words_b <= words_a
