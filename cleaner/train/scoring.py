"""The one scoring rule of this project (../shared/datasets/README.md, "Scoring").

Bag-of-words token F1 per page, macro-averaged over pages, so every figure compares.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

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


def paired_interval(
    ours: list[Score], theirs: list[Score], rounds: int = 10_000, seed: int = 0
) -> tuple[float, float, float]:
    """Mean page F1 difference of two systems on the same pages, with its 95% paired bootstrap interval.

    A dataset of 90 pages moves a mean by a few points with the pages drawn: a difference whose
    interval spans zero is one these pages cannot tell from chance.
    """
    if len(ours) != len(theirs):
        raise ValueError(f"paired_interval needs the same pages: {len(ours)} scores against {len(theirs)}")
    diffs = np.array([a.f1 - b.f1 for a, b in zip(ours, theirs)])
    if not len(diffs):
        return 0.0, 0.0, 0.0
    if rounds < 1:
        raise ValueError(f"paired_interval needs at least one draw, not {rounds}")
    rng = np.random.default_rng(seed)
    # Draws in chunks of 1,000: a bounded index array on datasets of thousands of pages.
    means = np.concatenate(
        [
            diffs[rng.integers(0, len(diffs), (min(1000, rounds - done), len(diffs)))].mean(axis=1)
            for done in range(0, rounds, 1000)
        ]
    )
    low, high = np.percentile(means, [2.5, 97.5])
    return float(diffs.mean()), float(low), float(high)
