"""The one scoring rule of this project (../shared/datasets/README.md, "Scoring").

Bag-of-words token F1 per page, macro-averaged over pages, so every figure compares.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def score(output: str, gold: str) -> Score:
    """Token precision, recall and F1 of one page's output against its gold text."""
    out, ref = Counter(tokens(output or "")), Counter(tokens(gold or ""))
    if not ref:
        return Score(1.0, 1.0, 1.0) if not out else Score(0.0, 0.0, 0.0)
    overlap = sum((out & ref).values())
    if not overlap:
        return Score(0.0, 0.0, 0.0)
    p, r = overlap / sum(out.values()), overlap / sum(ref.values())
    return Score(p, r, 2 * p * r / (p + r))


def mean_score(scores: list[Score]) -> Score:
    """Macro average over pages."""
    n = max(len(scores), 1)
    return Score(
        sum(s.precision for s in scores) / n,
        sum(s.recall for s in scores) / n,
        sum(s.f1 for s in scores) / n,
    )
