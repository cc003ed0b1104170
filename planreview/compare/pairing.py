"""Pair items of last year's plan with items of this year's, one to one, most alike first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Old = TypeVar("Old")
New = TypeVar("New")


@dataclass
class Pairing(Generic[Old, New]):
    pairs: list[tuple[Old, New]]
    only_old: list[Old]  # no counterpart this year: dropped or removed
    only_new: list[New]  # no counterpart last year: added


def pair_up(old: Sequence[Old], new: Sequence[New], similarity: Callable[[Old, New], float],
            threshold: float) -> Pairing[Old, New]:
    """Greedy one-to-one pairing by similarity (at least `threshold`), highest first.

    Ties go to items in the same position in both lists, so a plan compared with itself pairs each item
    with itself even when it lists two identical rows. Plans hold tens of items, so greedy is instant and,
    with identical items scoring 1.0, gives the same pairs an optimal assignment would in practice."""
    scored = [
        (score, -abs(i - j), i, j)
        for i, a in enumerate(old)
        for j, b in enumerate(new)
        if (score := similarity(a, b)) >= threshold
    ]
    scored.sort(key=lambda s: (s[0], s[1], -s[2]), reverse=True)
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, i, j in scored:
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((i, j))
    pairs.sort()
    return Pairing(
        pairs=[(old[i], new[j]) for i, j in pairs],
        only_old=[a for i, a in enumerate(old) if i not in taken_old],
        only_new=[b for j, b in enumerate(new) if j not in taken_new],
    )
