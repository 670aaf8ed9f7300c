"""Block labels from gold text: which blocks of a page does the gold main content contain?

Tokens are the scoring tokens (lower-cased `\\w+`), so whitespace, entities and
punctuation never matter. A block of three or more tokens is body when most of its
token trigrams occur in the gold. A shorter block is body when the gold has it as a line
of its own, or when it occurs in the gold and a neighbouring block is body: "Share"
next to a menu stays junk, a short list item inside the article does not.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from cleaner.segment import parse, segment
from cleaner.train.scoring import tokens

_MIN_SHARE = 0.5


def _ngrams(toks: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def align(texts: list[str], gold: str) -> np.ndarray:
    """Boolean body label per block text."""
    gold_tokens = tokens(gold)
    trigrams = _ngrams(gold_tokens, 3)
    short_grams = _ngrams(gold_tokens, 1) | _ngrams(gold_tokens, 2)
    # Gold lines are consumed as blocks match them, so a block repeated on the page
    # (a duplicated heading) is body only as often as the gold has it.
    unmatched_lines = Counter(tuple(tokens(line)) for line in gold.splitlines())
    labelled: set[tuple[str, ...]] = set()
    labels = np.zeros(len(texts), dtype=bool)
    short: list[int] = []
    for i, text in enumerate(texts):
        toks = tuple(tokens(text))
        if not toks:
            continue
        if unmatched_lines[toks] > 0:
            unmatched_lines[toks] -= 1
            labels[i] = True
        elif toks in labelled:
            continue  # a repeat of a block already matched
        elif len(toks) >= 3:
            grams = [toks[j : j + 3] for j in range(len(toks) - 2)]
            labels[i] = sum(g in trigrams for g in grams) >= _MIN_SHARE * len(grams)
        elif toks in short_grams:
            short.append(i)
        if labels[i]:
            labelled.add(toks)
    for i in short:  # after the long blocks are settled, so neighbours are known
        labels[i] = (i > 0 and labels[i - 1]) or (i + 1 < len(texts) and labels[i + 1])
    return labels


def block_oracle(html: str, gold: str) -> str:
    """The best text this segmenter allows: exactly the blocks the gold aligns to."""
    root = parse(html)
    if root is None:
        return ""
    texts = [b.text for b in segment(root).blocks]
    return "\n".join(t for t, keep in zip(texts, align(texts, gold)) if keep)
