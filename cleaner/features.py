"""Step 3: a numeric matrix with one row per block: the block, its neighbours, its containers.

Text statistics need one pass over each block's string; everything else is numpy over
whole-page arrays. Where numpy takes many small calls a page for a step, the step is also
compiled (`_words`, where the install built it), its numpy form kept as the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np

from cleaner._extensions import optional
from cleaner.chars import code_points, lookup, owners
from cleaner.segment import CONTEXT_FLAGS, KEYWORD_GROUPS, KINDS, Segmentation

_words = optional("_words")  # the word and token counts compiled (see _words.c)

_TOKEN = re.compile(r"\w+")
# Frequent function words of the largest web languages: prose is full of them, menus,
# teaser titles and keyword lines are not. A feature, not a rule; no language is assumed.
STOPWORDS = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been it its this
    that these those he she they we you i his her their our not no do does did have has had will
    would can could should may there which who what when where how than then so if also into
    der die das und oder ein eine einen dem den des ist sind war nicht mit von zu im auf für sich
    auch es er sie wir ich dass wie aber bei nach aus noch nur um
    le la les un une des du de et ou est sont pas que qui dans pour sur avec par au aux ce cette il
    elle nous vous ils ont été être mais plus se son sa ses leur
    el los las una unos y o es son fue que en con por para del al lo se su sus como pero más muy
    il lo gli una uno e di da che non per con si della dei delle nel sono è
    o os as um uma e de do da dos das em no na que não com por para se é são mais
    het een en van de dat niet op te met voor zijn er om ook als maar
    och att det som en ett är för på med av inte till den har
    i w z na do nie się że jest to jak po od za
    и в не на что с по это как из но он она они для от же
    ve bir bu da de ile için olarak çok daha
    yang dan di ke dari ini itu untuk dengan tidak""".split()
)
CJK_PARTICLES = "的是了在和有不のはをにがでとも"

# What the page says it is (JSON-LD @type, og:type, microdata): an article's comments are
# junk, a forum's posts are the content. Substrings of schema.org / Open Graph type names.
PAGE_TYPES = {
    "article": ("article", "posting", "report", "news"),
    "discussion": ("discussion", "qapage", "question", "comment"),
    "product": ("product", "offer"),
    "listing": ("itemlist", "collection", "searchresults", "listing"),
    "docs": ("techarticle", "apireference", "howto"),
}

NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
CONTAINER_LEVELS = (1, 2, 3, 5, 8)
_LEVEL_STEPS = np.array(CONTAINER_LEVELS, dtype=np.int64)


# Character classes the text statistics count: the bit of each in `_CHAR_CLASSES` (the enum in `_words.c`'s text_stats).
_SENTENCE_END, _COMMA, _SEPARATOR, _DIGIT, _CJK, _PARTICLE, _TERMINAL = range(7)
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF))  # kana, CJK, hangul


def _char_classes() -> np.ndarray:
    """Class bits of every BMP code point (read with `chars.lookup`: none above the BMP has a class)."""
    table = np.zeros(0x10000, dtype=np.uint8)
    for bit, chars in (
        (_SENTENCE_END, ".!?。！？"),
        (_COMMA, ",、，;"),
        (_SEPARATOR, "|•·/»›>–—"),
        (_DIGIT, "0123456789"),
        (_PARTICLE, CJK_PARTICLES),
        (_TERMINAL, ".!?。！？…:;\"'”’)»"),
    ):
        table[[ord(c) for c in chars]] |= 1 << bit
    for low, high in _CJK_RANGES:
        table[low : high + 1] |= 1 << _CJK
    return table


_CHAR_CLASSES = _char_classes()


def _count(owners: np.ndarray, passed: np.ndarray, n: int) -> np.ndarray:
    """Per block: how many of its items passed (integer counts: only the passing items are totalled)."""
    return np.bincount(owners[passed], minlength=n)


def _word_counts(splits: list[list[str]], test) -> np.ndarray:
    """Per block: how many of its words pass `test`, all words in one pass."""
    lengths = np.fromiter(map(len, splits), dtype=np.int64, count=len(splits))
    passed = np.fromiter(map(test, chain.from_iterable(splits)), dtype=bool, count=int(lengths.sum()))
    return _count(owners(lengths), passed, len(splits))


def _word_stats(texts: list[str], lowers: list[str]) -> np.ndarray:
    """Per block: its words (`str.split`), title-case words, function words (of the lower-cased
    text) and words of at most three characters (the compiled `_text_stats` counts the same)."""
    out = np.empty((len(texts), 4), dtype=np.int64)
    splits = [t.split() for t in texts]
    out[:, 0] = np.fromiter(map(len, splits), dtype=np.int64, count=len(texts))
    word_lengths = np.fromiter(map(len, chain.from_iterable(splits)), dtype=np.int64, count=int(out[:, 0].sum()))
    out[:, 1] = _word_counts(splits, str.istitle)
    out[:, 2] = vocabulary_words(lowers, STOPWORDS)
    out[:, 3] = _count(owners(out[:, 0]), word_lengths <= 3, len(texts))
    return out


_NO_CAP = np.iinfo(np.int64).max


def vocabulary_words(lowers: list[str], vocabulary: frozenset[str], up_to: np.ndarray | None = None) -> np.ndarray:
    """Per text: how many of its words (`str.split`) are in `vocabulary`; compiled where the install built `_words`.

    With `up_to` (one cap per text), a count may stop at its cap: for callers that only ask
    whether a text reaches it, and a paragraph reaches it early.
    """
    if _words is not None:
        # The cap on entry (none: the largest int64), the count up to it on return.
        out = np.full(len(lowers), _NO_CAP, dtype=np.int64) if up_to is None else np.array(up_to, dtype=np.int64)
        _words.word_hits_upto(lowers, vocabulary, _longest(vocabulary), out)
        return out
    return _word_counts([lower.split() for lower in lowers], vocabulary.__contains__)


@lru_cache(maxsize=8)
def _longest(vocabulary: frozenset[str]) -> int:
    """The longest word of a fixed word list: the compiled counts look up no longer word."""
    return max(map(len, vocabulary), default=0)


_TEXT_STATS = (
    "chars",
    "words",
    "title_case",
    "stopwords",
    "short_words",
    "sentence_ends",
    "commas",
    "ends_terminal",
    "all_lower",
    "separators",
    "digits",
    "cjk",
    "cjk_particles",
)
_TEXT_STAT_COLUMN = {name: i for i, name in enumerate(_TEXT_STATS)}

_CLASS_BITS = 8  # `_CHAR_CLASSES` entries are uint8


def _class_counts(texts: list[str], lengths: np.ndarray) -> np.ndarray:
    """Per block (n x 9): how many of its characters have each bit of `_CHAR_CLASSES`, then the
    class bits of its last character (0 for an empty block; the compiled `_text_stats` counts the same)."""
    out = np.zeros((len(texts), _CLASS_BITS + 1), dtype=np.int64)
    classes = lookup(_CHAR_CLASSES, code_points(texts))
    owner = owners(lengths)
    for bit in range(_CLASS_BITS):  # a bincount a bit: 4x faster than one over unpacked (block, bit) pairs
        out[:, bit] = _count(owner, (classes & (1 << bit)).astype(bool), len(texts))
    filled = lengths > 0
    out[filled, _CLASS_BITS] = classes[np.cumsum(lengths)[filled] - 1]
    return out


def _text_stats(texts: list[str], lowers: list[str], out: _Columns) -> np.ndarray:
    """Per-block shape of the text into the next columns of `out` (`_TEXT_STATS`; returned): length,
    words, punctuation, case, function words.

    Word statistics come from one pass over each block's words, character counts from one
    pass over its characters (`_class_counts`); both, and the columns made of them, in one
    compiled pass where the install built `_words`.
    """
    column = out.filled
    stats = out.next(len(_TEXT_STATS))
    if _words is not None:
        _words.text_stats(texts, lowers, STOPWORDS, _longest(STOPWORDS), _CHAR_CLASSES, out.matrix, column)
    else:
        _python_text_stats(texts, lowers, stats)
    return stats


def _python_text_stats(texts: list[str], lowers: list[str], out: np.ndarray) -> None:
    """`_text_stats` in numpy, into `out` (n x len(_TEXT_STATS)): the reference of the compiled pass."""
    n = len(texts)
    words = _word_stats(texts, lowers)  # words, title-case words, function words, short words
    per_word = np.maximum(words[:, :1], 1)
    n_chars = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    classes = _class_counts(texts, n_chars)
    column = _TEXT_STAT_COLUMN
    out[:, column["chars"]] = n_chars
    out[:, column["words"]] = words[:, 0]
    out[:, column["title_case"] : column["short_words"] + 1] = words[:, 1:] / per_word
    out[:, column["sentence_ends"]] = classes[:, _SENTENCE_END]
    # column by column, straight into out: no fancy-index copies
    np.divide(classes[:, _COMMA], per_word[:, 0], out=out[:, column["commas"]])
    np.divide(classes[:, _SEPARATOR], per_word[:, 0], out=out[:, column["separators"]])
    out[:, column["ends_terminal"]] = (classes[:, _CLASS_BITS] >> _TERMINAL) & 1
    out[:, column["all_lower"]] = _all_lower(texts, lowers)
    np.divide(classes[:, _DIGIT], n_chars, out=out[:, column["digits"]])
    np.divide(classes[:, _CJK], n_chars, out=out[:, column["cjk"]])
    out[:, column["cjk_particles"]] = classes[:, _PARTICLE] / np.maximum(classes[:, _CJK], 1)


def _all_lower(texts: list[str], lowers: list[str]) -> np.ndarray:
    """Per block: whether its text is all lower case (has cased letters, none upper)."""
    lower_case = (t == lower and t != t.upper() for t, lower in zip(texts, lowers))
    return np.fromiter(lower_case, dtype=bool, count=len(texts))


def _token_overlaps(lowers: list[str], references: tuple[str, ...]) -> list[np.ndarray]:
    """Per reference, the share of each block's tokens that occur in it (-1 when it is empty)."""
    overlaps, tokens = [], None
    for reference in references:
        if not reference:
            overlaps.append(np.full(len(lowers), -1.0))
            continue
        vocabulary = set(_TOKEN.findall(reference.lower()))
        if _words is not None:
            counts = np.empty((len(lowers), 2), dtype=np.int64)
            _words.token_hits(lowers, vocabulary, max(map(len, vocabulary), default=0), counts)
            lengths, hits = counts.T
        else:
            tokens = tokens or [_TOKEN.findall(lower) for lower in lowers]  # once for all references
            lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
            hits = _word_counts(tokens, vocabulary.__contains__)
        overlaps.append(np.where(lengths > 0, hits / np.maximum(lengths, 1), 0.0))
    return overlaps


def _bits(flag_lists: tuple[list[int], ...], widths: tuple[int, ...], out: _Columns) -> None:
    """The low `widths[i]` bits of each flag of `flag_lists[i]` as 0/1 columns, list after list, into the next
    columns of `out`: unpacked at once, or written straight into the matrix where the install built `_words`."""
    column, columns = out.filled, out.next(sum(widths))
    if _words is not None:
        _words.flag_bits(flag_lists, widths, out.matrix, column)
        return
    n = len(flag_lists[0])
    flags = np.fromiter(chain.from_iterable(flag_lists), dtype="<i8", count=n * len(flag_lists))
    bits = np.unpackbits(flags.reshape(-1, n).T.copy().view(np.uint8), axis=1, bitorder="little")
    columns[:] = bits[:, _bit_columns(widths)]


@lru_cache(maxsize=4)
def _bit_columns(widths: tuple[int, ...]) -> np.ndarray:
    """Which of the 64 unpacked bits per flag list `_bits` keeps."""
    return np.concatenate([64 * i + np.arange(width) for i, width in enumerate(widths)])


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of every run of consecutive True values."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def shifted(
    columns: np.ndarray, offsets: tuple[int, ...], fill: float = -1.0, out: np.ndarray | None = None
) -> np.ndarray:
    """`columns[i + offset]` for each of `offsets`, side by side (offset by offset), `fill` past either
    end of the page; into `out` if given (a page's matrix: no copy to make)."""
    n, width = columns.shape
    out = np.empty((n, width * len(offsets))) if out is None else out
    for i, offset in enumerate(offsets):  # slices, not a gather: a copy and a fill per offset
        part = out[:, i * width : (i + 1) * width]
        if offset >= 0:
            part[: max(n - offset, 0)] = columns[offset:]
            part[max(n - offset, 0) :] = fill
        else:
            part[-offset:] = columns[: max(n + offset, 0)]
            part[: min(-offset, n)] = fill
    return out


def feature_names() -> list[str]:
    return list(_feature_names())


@lru_cache(maxsize=1)
def _feature_names() -> tuple[str, ...]:
    """Made once: `featurize` reads the width of every page's matrix from it."""
    names = list(_TEXT_STATS)
    names += ["log_chars", "log_words", "link_density", "depth", "position", "char_position"]
    names += [f"kind_{k}" for k in KINDS]
    names += [f"in_{f}" for f in CONTEXT_FLAGS]
    names += [f"kw_{k}" for k in KEYWORD_GROUPS] + [f"near_kw_{k}" for k in KEYWORD_GROUPS]
    names += ["title_overlap", "title_exact", "jsonld_overlap", "page_log_chars", "page_blocks", "page_link_density"]
    names += [f"page_is_{t}" for t in PAGE_TYPES]
    for level in CONTAINER_LEVELS:
        names += [f"up{level}_{s}" for s in _CONTAINER_STATS]
    names += [
        "good",
        "dominant",
        "in_top_candidate",
        "candidate_share",
        "good_before",
        "good_after",
        "log_distance_to_good",
    ]
    for off in NEIGHBOUR_OFFSETS:
        names += [
            f"nb{off:+d}_{s}" for s in ("log_chars", "link_density", "ends_terminal", "stopwords", "heading", "good")
        ]
    return tuple(names)


_CONTAINER_STATS = ("log_chars", "link_density", "share", "good_share", "blocks")
_KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
_ONE_HOT_KINDS = np.eye(len(KINDS))  # row i: the kind columns of a block of kind i


class _Columns:
    """A page's matrix filled left to right, a group of columns at a time: one preallocated
    array instead of stacking some forty pieces (numpy's cost per piece dominates on most pages)."""

    def __init__(self, rows: int, width: int) -> None:
        self.matrix = np.empty((rows, width))
        self.filled = 0

    def next(self, width: int) -> np.ndarray:
        """A view of the next `width` columns, for the caller to fill."""
        start, self.filled = self.filled, self.filled + width
        return self.matrix[:, start : self.filled]

    def put(self, *columns: np.ndarray | float) -> None:
        """Fill the next columns: one per number or 1-d array, as many as it has per 2-d array."""
        for values in columns:
            if getattr(values, "ndim", 0) < 2:  # np.ndim's dispatch costs more than the attribute
                self.matrix[:, self.filled] = values
                self.filled += 1
            else:
                self.next(values.shape[1])[:] = values

    def full(self) -> np.ndarray:
        """The matrix, once every column is filled."""
        assert self.filled == self.matrix.shape[1], "a column group is missing"
        return self.matrix


def featurize(seg: Segmentation) -> np.ndarray:
    """The model's input for one page: shape (blocks, len(feature_names()))."""
    texts = [b.text for b in seg.blocks]
    n = len(texts)
    if not n:
        return np.zeros((0, len(_feature_names())))
    out = _Columns(n, len(_feature_names()))
    lowers = [t.lower() for t in texts]
    stats = _text_stats(texts, lowers, out)
    column = _TEXT_STAT_COLUMN
    chars, words, ends_terminal = (
        stats[:, column["chars"]],
        stats[:, column["words"]],
        stats[:, column["ends_terminal"]],
    )
    link_density = np.asarray(seg.link_chars, dtype=np.float64) / np.maximum(chars, 1)
    kind = np.fromiter(map(_KIND_INDEX.__getitem__, [b.kind for b in seg.blocks]), dtype=np.intp, count=n)
    total_chars = chars.sum()
    char_position = (np.cumsum(chars) - chars) / max(total_chars, 1)

    title = seg.meta_title or seg.page_title
    title_overlap, jsonld_overlap = _token_overlaps(lowers, (title, seg.jsonld_body))
    title_exact = np.fromiter(map(title.__eq__, texts), dtype=np.float64, count=n) if title else np.zeros(n)

    # "Good" text: prose-like blocks; the containers that hold most of it are the body.
    good = (words >= 10) & (link_density < 0.3) & (ends_terminal > 0)
    good_chars = np.where(good, chars, 0.0)
    total_good = max(good_chars.sum(), 1.0)
    # Readability's paragraph score: commas and length, credited to the paragraph's parent.
    paragraph_like = ((kind == _KIND_INDEX["paragraph"]) | (kind == _KIND_INDEX["text"])) & (chars >= 25)
    paragraph_score = np.where(paragraph_like, 1 + stats[:, column["commas"]] * words + np.minimum(chars / 100, 3), 0.0)

    log_chars = np.log1p(chars)
    out.put(log_chars, np.log1p(words), link_density, np.asarray(seg.depth, dtype=np.float64), np.arange(n) / n)
    out.put(char_position, _ONE_HOT_KINDS[kind])
    flag_lists = (seg.flags, seg.keywords, seg.near_keywords)
    _bits(flag_lists, (len(CONTEXT_FLAGS), len(KEYWORD_GROUPS), len(KEYWORD_GROUPS)), out)
    out.put(title_overlap, title_exact, jsonld_overlap)
    declared = " ".join(sorted(seg.schema_types))
    link_chars = link_density * chars
    page = [np.log1p(total_chars), np.log1p(n), link_chars.sum() / max(total_chars, 1)]
    out.next(3 + len(PAGE_TYPES))[:] = page + [any(name in declared for name in names) for names in PAGE_TYPES.values()]
    per_block = np.stack([chars, link_chars, good_chars, paragraph_score])
    marks = _container_features(containers(seg), per_block, total_chars, total_good, out)
    out.put(good, *marks, *mass_around(good_chars, total_good))
    around = out.matrix[:, _neighbour_sources()]  # the neighbours' columns, as the block's own
    shifted(around, NEIGHBOUR_OFFSETS, out=out.next(around.shape[1] * len(NEIGHBOUR_OFFSETS)))
    return out.full()


@lru_cache(maxsize=1)
def _neighbour_sources() -> list[int]:
    """The columns of a block that its neighbours' columns (`nb..._*`) repeat."""
    names = _feature_names()
    return [
        names.index(name)
        for name in ("log_chars", "link_density", "ends_terminal", "stopwords", "kind_heading", "good")
    ]


def mass_around(good_chars: np.ndarray, total_good: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where a block sits relative to the page's prose (or sure body): the share of it before
    and after the block, and the log distance in blocks to the nearest of it (-1 when there is
    none). A tail after the last paragraph is comments, teasers and footers far more often than body.

    `good_chars` is float64. One compiled pass where the install built `_words`, then the log1p.
    """
    if _words is None:
        return _python_mass_around(good_chars, total_good)
    before, after, distance = out = np.empty((3, len(good_chars)))
    _words.mass_around(good_chars, total_good, out)
    if len(distance) and distance[0] >= 0:  # some prose: every distance is >= 0 (else all are -1)
        np.log1p(distance, out=distance)
    return before, after, distance


def _python_mass_around(good_chars: np.ndarray, total_good: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`mass_around` in numpy: the reference of the compiled pass."""
    before = (np.cumsum(good_chars) - good_chars) / total_good
    after = (good_chars[::-1].cumsum()[::-1] - good_chars) / total_good
    where = np.flatnonzero(good_chars)
    if not len(where):
        return before, after, np.full(len(good_chars), -1.0)
    i = np.arange(len(good_chars))
    right = np.minimum(np.searchsorted(where, i), len(where) - 1)  # np.minimum: clip's checks cost more than it
    left = np.maximum(right - 1, 0)
    distance = np.minimum(np.abs(where[right] - i), np.abs(where[left] - i))
    return before, after, np.log1p(distance)


@dataclass(frozen=True)
class _Containers:
    """Every block's ancestor containers, flattened so numpy can total anything per element:
    each block adds its value to each of its ancestors, then reads back its ancestors' totals.

    Made once per page (`containers`): `featurize` and `score_context` read the same ones.
    """

    lengths: np.ndarray  # ancestors per block
    flat: np.ndarray  # container ids, block after block, innermost last
    owner: np.ndarray  # the block each entry of `flat` belongs to
    size: int  # number of container ids
    #: Per block and level of `CONTAINER_LEVELS` (1: the block's own element), one column per level:
    #: whether the block has a container that many steps up, and its id (0 where it has none).
    #: Both models' features read the same levels, all levels in one numpy call.
    level_has: np.ndarray
    level_ids: np.ndarray

    @classmethod
    def of(cls, ancestors: list[tuple[int, ...]]) -> _Containers:
        """Laid out in one compiled pass where the install built `_words`."""
        n = len(ancestors)
        lengths = np.fromiter(map(len, ancestors), dtype=np.int64, count=n)
        flat, owner = np.empty((2, int(lengths.sum())), dtype=np.int64)
        has, ids = (
            np.empty((n, len(CONTAINER_LEVELS)), dtype=bool),
            np.empty((n, len(CONTAINER_LEVELS)), dtype=np.int64),
        )
        if _words is not None:
            size = _words.container_layout(ancestors, _LEVEL_STEPS, flat, owner, has, ids)
            return cls(lengths, flat, owner, size, has, ids)
        flat[:] = np.fromiter(chain.from_iterable(ancestors), dtype=np.int64, count=len(flat))
        owner[:] = np.repeat(np.arange(n, dtype=np.int64), lengths)
        np.greater_equal(lengths[:, None], _LEVEL_STEPS, out=has)
        at = np.where(has, np.cumsum(lengths)[:, None] - np.minimum(_LEVEL_STEPS, lengths[:, None]), 0)
        ids[:] = flat[at] if len(flat) else at  # all 0 on a page without containers
        return cls(lengths, flat, owner, int(flat.max()) + 1 if len(flat) else 1, has, ids)

    def totals(self, *per_block: np.ndarray) -> list[np.ndarray]:
        """Per container: the sum of each of `per_block` over the blocks inside it (the compiled steps
        add in the same order: `sum_over_containers`)."""
        return [np.bincount(self.flat, weights=row.take(self.owner), minlength=self.size) for row in per_block]


def containers(seg: Segmentation) -> _Containers:
    """The page's `_Containers`, made on first use and kept on the segmentation."""
    if seg.containers is None:
        seg.containers = _Containers.of(seg.ancestors)
    return seg.containers


def _container_features(
    tree: _Containers, per_block: np.ndarray, total_chars: float, total_good: float, out: _Columns
) -> np.ndarray:
    """Totals of the enclosing containers at several levels up (the next columns of `out`,
    `_CONTAINER_STATS` for each of `CONTAINER_LEVELS`), and per block (3 x n): the dominant-container
    flag and where the block stands to readability's top candidate. `per_block` (4 x n): chars,
    link chars, good chars and readability's paragraph score.

    Every block adds its counts to each of its ancestors (bincount over the flattened
    ancestor lists), then each block reads back the totals of its own ancestors. One compiled
    pass where the install built `_words` (the same steps in C: `container_marks`).
    """
    stats, column = len(_CONTAINER_STATS), out.filled
    levels = out.next(len(CONTAINER_LEVELS) * stats)  # each stat every `stats` columns, level after level
    marks = np.zeros((3, per_block.shape[1]))  # dominant, in the top candidate, share of the best candidate
    if _words is not None:
        parent, grandparent = CONTAINER_LEVELS.index(2), CONTAINER_LEVELS.index(3)
        args = (per_block, tree.size, parent, grandparent, max(total_chars, 1), total_good, out.matrix, column, marks)
        _words.container_features(tree.flat, tree.lengths, tree.level_ids, tree.level_has, *args)
    else:
        _python_container_features(tree, per_block, total_chars, total_good, levels, marks)
    np.log1p(levels[:, 0::stats], out=levels[:, 0::stats])  # the chars and blocks columns hold the totals so far
    np.log1p(levels[:, 4::stats], out=levels[:, 4::stats])
    return marks


def _python_container_features(
    tree: _Containers,
    per_block: np.ndarray,
    total_chars: float,
    total_good: float,
    levels: np.ndarray,
    marks: np.ndarray,
) -> None:
    """`_container_features` in numpy: the reference of the compiled pass (chars and blocks before their log1p)."""
    chars, link_chars, good_chars, paragraph_score = per_block
    n = len(chars)
    flat, owner = tree.flat, tree.owner
    sum_chars, sum_links, sum_good, sum_blocks = tree.totals(chars, link_chars, good_chars, np.ones(n))

    # The dominant container: the deepest element holding at least half the page's good text.
    holds_half = sum_good >= 0.5 * total_good
    if holds_half.any() and good_chars.any():
        depth_of = np.zeros(tree.size)
        depth_of[flat] = np.arange(len(flat)) - np.repeat(np.cumsum(tree.lengths) - tree.lengths, tree.lengths)
        candidates = np.flatnonzero(holds_half)
        best = candidates[np.argmax(depth_of[candidates])]
        marks[0] = np.bincount(owner[flat == best], minlength=n)

    # Readability's candidate: parents get a paragraph's score, grandparents half of it,
    # discounted by the element's link density; the best-scoring element is the article.
    candidate = np.zeros(tree.size)
    for level, share in ((2, 1.0), (3, 0.5)):
        at = CONTAINER_LEVELS.index(level)
        has, ids = tree.level_has[:, at], tree.level_ids[:, at]
        candidate += share * np.bincount(ids[has], weights=paragraph_score[has], minlength=tree.size)
    candidate *= 1 - sum_links / np.maximum(sum_chars, 1)
    top = int(np.argmax(candidate))
    if candidate[top] > 0:
        marks[1] = np.bincount(owner[flat == top], minlength=n)
    np.maximum.at(marks[2], owner, candidate[flat] / max(candidate[top], 1e-9))

    has, ids = tree.level_has, tree.level_ids
    level_chars = np.where(has, sum_chars[ids], 0.0)
    stats = len(_CONTAINER_STATS)
    levels[:, 0::stats] = level_chars
    levels[:, 1::stats] = np.where(has, sum_links[ids] / np.maximum(level_chars, 1), -1.0)
    np.divide(level_chars, max(total_chars, 1), out=levels[:, 2::stats])
    np.divide(np.where(has, sum_good[ids], 0.0), total_good, out=levels[:, 3::stats])
    levels[:, 4::stats] = np.where(has, sum_blocks[ids], 0.0)


SCORE_OFFSETS = (-3, -2, -1, 1, 2, 3)
#: Stage-1 score from which a block counts as sure body in `score_context`.
SURE_BODY = 0.9


def score_context_names() -> list[str]:
    names = ["score"] + [f"nb{off:+d}_score" for off in SCORE_OFFSETS]
    names += [f"up{level}_score" for level in CONTAINER_LEVELS]
    names += [f"up{level}_sure_share" for level in CONTAINER_LEVELS]
    return names + ["page_score", "score_rank", "page_sure_chars"]


def score_context(seg: Segmentation, scores: np.ndarray) -> np.ndarray:
    """The first model's scores around each block, for the second model.

    A block whose neighbours and container are body is body more often than its own
    text suggests (short paragraphs, list items in an article), and the reverse for an
    isolated "body-looking" block in a sidebar: this is the learned form of smoothing.
    Where the page's sure body lies (the share of it inside each of the block's containers)
    tells a teaser list beside an article from the list that is a listing page's content.
    """
    n = len(scores)
    if not n:
        return np.zeros((0, len(score_context_names())))
    per_block = np.empty((3, n))
    weighted_scores, chars, sure = per_block
    chars[:] = np.fromiter(map(len, [b.text for b in seg.blocks]), dtype=np.float64, count=n)
    np.multiply(scores, chars, out=weighted_scores)
    np.multiply(chars, scores >= SURE_BODY, out=sure)
    page_sure = sure.sum()
    out = _Columns(n, 1 + len(SCORE_OFFSETS) + 2 * len(CONTAINER_LEVELS) + 3)
    out.put(scores)
    shifted(scores[:, None], SCORE_OFFSETS, out=out.next(len(SCORE_OFFSETS)))
    _context_levels(containers(seg), per_block, page_sure, out)
    order = scores.argsort()
    rank = np.empty(n, dtype=np.intp)
    rank[order] = np.arange(n)  # the inverse permutation: what a second argsort returns
    out.put(weighted_scores.sum() / max(chars.sum(), 1), rank / n, np.log1p(page_sure))
    return out.full()


def _context_levels(tree: _Containers, per_block: np.ndarray, page_sure: float, out: _Columns) -> None:
    """Into the next columns of `out`, per level of `CONTAINER_LEVELS`: the containers' mean score (-1 where
    a block has none), then their share of the page's sure body (-1 where none, or no sure body).
    `per_block` (3 x n): score x chars, chars, sure-body chars. One compiled pass where the install built `_words`."""
    column, (mean, share) = out.filled, (out.next(len(CONTAINER_LEVELS)), out.next(len(CONTAINER_LEVELS)))
    if _words is not None:
        args = (per_block, tree.size, page_sure, out.matrix, column)
        _words.context_levels(tree.flat, tree.lengths, tree.level_ids, tree.level_has, *args)
        return
    weighted, weight, sure_total = tree.totals(*per_block)
    has, ids = tree.level_has, tree.level_ids
    mean[:] = np.where(has, weighted[ids] / np.maximum(weight[ids], 1), -1.0)
    share[:] = np.where(has & (page_sure > 0), sure_total[ids] / max(page_sure, 1), -1.0)
