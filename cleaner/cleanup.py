"""Step 5: decisions that need the whole page, each a named step with its own `reason`."""

from __future__ import annotations

import re

import numpy as np

from cleaner.segment import Block

_TOKEN = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def label(blocks: list[Block], scores: np.ndarray, threshold: float) -> None:
    """The classifier's decision, before clean-up overrides any of it."""
    for block, score in zip(blocks, scores.tolist()):
        block.score = score
        keep = score >= threshold
        block.label = "body" if keep else "junk"
        block.reason = None if keep else "classifier"


def _drop(block: Block, reason: str) -> None:
    block.label = "junk"
    block.reason = reason


def pick_title(blocks: list[Block], hints: list[str]) -> str | None:
    """Set the headline apart: the early heading that best matches the page's title hints.

    The headline is not body text (the benchmarks' gold keeps it separate), so its block
    is dropped with reason "title".
    """
    hint_tokens = [set(_norm(h).split()) for h in hints if h]
    best, best_score = None, 0.0
    for i, block in enumerate(blocks[:400]):
        if block.kind != "heading":
            continue
        tokens = set(_norm(block.text).split())
        if not tokens:
            continue
        match = max((len(tokens & h) / len(tokens | h) for h in hint_tokens), default=0.0)
        # Without hints, the first h1 is the headline.
        score = match + (0.3 if block.tag == "h1" else 0.0) - i / 4000
        if score > best_score and (match >= 0.5 or (block.tag == "h1" and not hint_tokens)):
            best, best_score = block, score
    if best is not None:
        if best.label == "body":
            _drop(best, "title")
        return best.text
    return next((h for h in hints if h), None)


def drop_duplicates(blocks: list[Block]) -> None:
    """Keep the first of kept headings (and long blocks) repeated verbatim."""
    seen: set[str] = set()
    for block in blocks:
        if block.label != "body":
            continue
        key = _norm(block.text)
        if block.kind != "heading" and len(key) < 40:
            continue  # short cells and list items repeat legitimately ("Yes", "Free")
        if key in seen:
            _drop(block, "duplicate-heading" if block.kind == "heading" else "duplicate")
        seen.add(key)
