"""Step 5: decisions that need the whole page, each a named step with its own `reason`."""

from __future__ import annotations

import re

import numpy as np

from cleaner import chars
from cleaner.segment import FLAG, KEYWORD_BIT, Block, Segmentation

_TOKEN = re.compile(r"\w+")


def token_counts(blocks: list[Block], counts: chars.TextCounts | None = None) -> np.ndarray:
    """Tokens per block, counted as the scoring counts them (`\\w+`): what a kept block adds to the output.

    Counted in one pass over the page's characters (`chars.text_counts`, or the page's `counts`
    when the caller has them) rather than with a regex pass per block.
    """
    counts = chars.text_counts([b.text for b in blocks]) if counts is None else counts
    return counts.tokens.astype(np.float64)


#: F-beta each preset maximises: F1, F0.5 (precision weighs more), F2 (recall weighs more).
PRESET_BETA = {"balanced": 1.0, "precision": 0.5, "recall": 2.0}
#: No block scoring below this is body, whatever the page: an index page keeps nothing.
MIN_BODY_SCORE = 0.15


def page_threshold(scores: np.ndarray, weights: np.ndarray, beta: float = 1.0) -> float:
    """The score above which keeping blocks maximises this page's expected token F-beta.

    Reading each score as the chance that the block is body, the page keeps the k best
    blocks for the k that expects the best F-beta. The best F1 threshold is about half the
    F1 the page allows (Lipton et al., 2014, "Thresholding classifiers to maximize F1"):
    high on a clear article, low on a page that is hard to call. How the blocks' chances
    relate decides that expectation, see `_expected_f_independent` and `_expected_f_shared`;
    real pages sit between the two, so the page weighs them equally (`SHARED_FATE`).
    """
    order = (-scores).argsort(kind="stable")
    ranked, ranked_weights = scores[order], weights[order]
    kept = ranked_weights.cumsum()
    candidates = max(int(np.count_nonzero(ranked >= MIN_BODY_SCORE)), 1)  # no lower score is ever kept
    expected = (1 - SHARED_FATE) * _expected_f_independent(ranked, ranked_weights, kept, beta)[:candidates]
    expected += SHARED_FATE * _expected_f_shared(ranked, kept, candidates, beta)
    return max(float(ranked[expected.argmax()]), MIN_BODY_SCORE)


#: Weight of the shared-fate view in `page_threshold`; 0.5 has the best cross-validated page F1
#: on the training pages weighted as in training (0 and 1 are both worse, see RESULTS.md).
SHARED_FATE = 0.5
_FATE_GRID = (np.arange(100) + 0.5) / 100  # the page's one draw, in steps of 1%
_FATE_GRID_DESCENDING = -_FATE_GRID  # the grid as `searchsorted` reads it against the ranked scores, negated
_NO_BODY = np.zeros(1)  # the body weight kept when no block is kept


def _expected_f_independent(ranked: np.ndarray, weights: np.ndarray, kept: np.ndarray, beta: float) -> np.ndarray:
    """Expected F-beta of keeping the k best blocks, for every k, when every block is its own coin.

    (1 + b²)·Σkept w·p / (Σkept w + b²·Σall w·p): prefix sums give it for every k at once. With
    many doubtful blocks the expected body is near-certain, so a long 0.45 list gets kept.
    """
    mass = weights * ranked
    return (1 + beta * beta) * mass.cumsum() / (kept + beta * beta * mass.sum() + 1e-9)


def _expected_f_shared(ranked: np.ndarray, kept: np.ndarray, candidates: int, beta: float) -> np.ndarray:
    """The same when the blocks share one fate: one draw u per page, and a block is body when u < p.

    The items of a link list are body or junk together, so keeping a long 0.45 list is a bet
    on one coin, not on many. Averaged over a grid of u; the k best are scored in chunks to
    bound memory on pages of 100,000 blocks.
    """
    body = np.concatenate((_NO_BODY, kept))[(-ranked).searchsorted(_FATE_GRID_DESCENDING)]  # body weight for each u
    b2 = beta * beta
    expected = np.empty(candidates)
    for start in range(0, candidates, 4096):
        stop = min(start + 4096, candidates)
        chunk = kept[start:stop, None]
        # The mean as `ndarray.mean` takes it (the sum, then one division), without its Python wrapper.
        grid_sum = ((1 + b2) * np.minimum(chunk, body) / (chunk + b2 * body + 1e-9)).sum(axis=1)
        expected[start:stop] = grid_sum / len(_FATE_GRID)
    return expected


def decide_threshold(
    blocks: list[Block],
    scores: np.ndarray,
    preset: str,
    fixed: float | None = None,
    counts: chars.TextCounts | None = None,
) -> float:
    """`fixed` when the user set one, else the page's own threshold for `preset` (`counts`: the
    blocks' `chars.text_counts`, when the caller shares them with `spam.apply`)."""
    if fixed is not None:
        return fixed
    return page_threshold(scores, token_counts(blocks, counts), PRESET_BETA[preset])


def label(blocks: list[Block], scores: np.ndarray, threshold: float) -> None:
    """The classifier's decision, before clean-up overrides any of it."""
    for block, score in zip(blocks, scores.tolist()):
        block.score = score
        if score >= threshold:
            block.label, block.reason = "body", None
        else:
            block.label, block.reason = "junk", "classifier"


def _drop(block: Block, reason: str) -> None:
    block.label = "junk"
    block.reason = reason


def pick_title(blocks: list[Block], hints: list[str]) -> str | None:
    """Set the headline apart: the early heading that best matches the page's title hints.

    The headline is not body text (the benchmarks' gold keeps it separate), so its block
    is dropped with reason "title".
    """
    given = list(dict.fromkeys(h for h in hints if h))  # meta and <title> often agree
    stripped = [without_site_name(h) for h in given]
    # Each hint matches with and without the site's name after its headline.
    hint_tokens = list({frozenset(_TOKEN.findall(h.lower())) for h in given + stripped})
    best, best_score = None, 0.0
    for i, block in enumerate(blocks[:400]):
        if block.kind != "heading":
            continue
        h1_bonus = 0.3 if block.tag == "h1" else 0.0
        if 1.0 + h1_bonus - i / 4000 <= best_score:
            continue  # not even a perfect match (1.0) could beat the best so far: skip tokenising it
        tokens = set(_TOKEN.findall(block.text.lower()))
        if not tokens:
            continue
        match = max([len(tokens & h) / len(tokens | h) for h in hint_tokens], default=0.0)
        # Without hints, the first h1 is the headline.
        score = match + h1_bonus - i / 4000
        if score > best_score and (match >= 0.5 or (block.tag == "h1" and not hint_tokens)):
            best, best_score = block, score
    if best is not None:
        if best.label == "body":
            _drop(best, "title")
        return best.text
    return stripped[0] if stripped else None


#: What parts a `<title>` or og:title: "Headline | Site", "Headline - Site", "Headline · Site".
_TITLE_SEPARATOR = re.compile(r" (?:[|\-–—·•»]|::) ")  # in the title with its whitespace collapsed


def without_site_name(title: str) -> str:
    """A page's title hint without the site's name after the headline ("Headline | Site").

    The last part goes when it reads as a name, not as a subtitle: four words at most, and shorter
    than the headline before it. On the training pages whose gold has a title, the hints match it
    exactly 70% of the time this way, against 48% as they stand (benchmarks/RESULTS.md, session 11).
    """
    words = " ".join(title.split())  # single spaces: a pattern with `\s+` on both sides backtracks quadratically
    separators = list(_TITLE_SEPARATOR.finditer(words))
    if not separators:
        return title
    headline, name = words[: separators[-1].start()], words[separators[-1].end() :]
    return headline if len(_TOKEN.findall(name)) <= 4 and len(name) < len(headline) else title


def drop_duplicates(blocks: list[Block]) -> None:
    """Keep the first of kept headings repeated verbatim, and of long blocks copied elsewhere.

    A long block repeated at the same place in the tree (a sibling paragraph) is content that
    repeats, as a refrain does; the same text under another ancestor path is a copy (a
    teaser of the article, a second rendering for mobile or noscript).
    """
    first_path: dict[str, str] = {}
    # Short cells and list items repeat legitimately ("Yes", "Free"): only headings and keys of 40
    # characters or more count, and a key is never longer than its lower-cased text.
    lowers = [(block, block.text.lower()) for block in blocks if block.label == "body"]
    candidates = [(block, lower) for block, lower in lowers if block.kind == "heading" or len(lower) >= 40]
    keys = chars.joined_tokens([lower for _, lower in candidates])
    for (block, _), key in zip(candidates, keys):
        if block.kind != "heading" and len(key) < 40:
            continue
        if key in first_path and (block.kind == "heading" or first_path[key] != block.path):
            _drop(block, "duplicate-heading" if block.kind == "heading" else "duplicate")
        first_path.setdefault(key, block.path)


_NAVIGATION_FLAGS = FLAG["nav"] | FLAG["header"] | FLAG["footer"]


def drop_navigation_only(seg: Segmentation) -> int:
    """A page whose kept blocks are all links in its navigation has no main content: drop them.

    The classifier calls a lone menu from the few blocks such a page has, where its features
    are furthest from anything it learned; a page with an article or a listing keeps at least
    one block outside its menus, and is left alone. Returns how many blocks were dropped.
    """
    kept = []
    flags, keywords, link_chars, nav = seg.flags, seg.keywords, seg.link_chars, KEYWORD_BIT["nav"]
    for i, block in enumerate(seg.blocks):
        if block.label != "body":
            continue
        in_navigation = flags[i] & _NAVIGATION_FLAGS or keywords[i] & nav
        if not in_navigation or link_chars[i] < 0.9 * len(block.text):
            return 0  # the first kept block outside the menus settles it: most pages stop early
        kept.append(i)
    for i in kept:
        _drop(seg.blocks[i], "navigation")
    return len(kept)
