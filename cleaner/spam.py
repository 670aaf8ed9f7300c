"""Named spam steps: junk that a block-at-a-time view misses, each with its own `reason`.

They run after the classifier (and `cleanup.drop_duplicates`) in both modes, HTML and
plain text, and only ever turn kept blocks into junk. Each is a small function over the
page's blocks; the decisions lean on structure and statistics (where the article ends,
runs of short title-shaped lines, link density, repetition). Phrase lists appear only as
one weak signal among others (`cta_hits`), never as the sole rule.

| reason | what |
|---|---|
| `duplicate-heading` | a heading or short line repeated near-verbatim (case, punctuation, a word); first kept |
| `link-farm` | a run of >= 3 short teaser titles or links after or outside the body, with its section header |
| `call-to-action` | a short subscribe / newsletter / follow-us / cookie prompt outside the body or next to junk |
| `keyword-spam` | an all-lowercase comma-separated keyword string near the title |
| `tail` | short kept blocks after the article has ended and junk has begun |
| `comments` | readers' comments after an article, told by their containers; kept on forum, product, listing pages |
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import NamedTuple

import numpy as np

from cleaner import chars
from cleaner.features import PAGE_TYPES, true_runs, vocabulary_words
from cleaner.segment import Block

_TOKEN = re.compile(r"\w+")
_TERMINAL = tuple(".!?。！？…\"'”’»")

# Calls to action in several languages: subscribe, newsletter, sign up, follow us, share,
# cookies, log in, download the app, comments. A weak signal, combined with position.
_CTA_PHRASES = (
    r"subscri|newsletter|sign[ -]?up|signup|sign in|log ?in\b|register|follow us|follow @|"
    r"join us|join our|join the|get the app|download our app|download the app|cookie|consent|privacy policy|"
    r"terms of use|terms of service|all rights reserved|share this|share on|comments?\b|leave a reply|"
    r"leave a comment|inbox|unsubscribe|advertis|sponsored|read more|see more|load more|show more|"
    r"abonn|anmelden|registrier|folgen sie|datenschutz|werbung|anzeige|kommentar|weiterlesen|mehr zum thema|"
    r"inscri|suivez|s'abonner|connexion|publicité|commentaire|lire aussi|lire la suite|"
    r"suscr|síguenos|siguenos|regístrate|registrate|publicidad|comentario|leer más|lee también|"
    r"iscriviti|seguici|accedi|pubblicità|comment[io]\b|leggi anche|"
    r"assine|inscreva|siga-nos|leia também|"
    r"aanmelden|volg ons|nieuwsbrief|lees ook|"
    r"prenumerera|följ oss|"
    r"zapisz się|obserwuj|subskryb|"
    r"подпис|рассылк|реклам|читайте также|"
    r"訂閱|订阅|关注我们|登录|注册|購読|登録|フォロー|구독|뉴스레터"
)  # lower-case patterns matched on lower-cased text: re.IGNORECASE makes this alternation 8x slower


def _by_first_character(phrases: str) -> str:
    """The alternation `phrases` (each starting with a literal character) as a regex that matches
    as it does, with the phrases of each first character behind that character.

    The regex engine tries an alternation's branches in turn at every position; phrases with
    different first characters never match at the same position, so grouping them changes no
    match, and a position tries a few dozen branches rather than every phrase (twice as fast).
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases.split("|"):
        groups.setdefault(phrase[0], []).append(phrase[1:])
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


_CTA = re.compile(_by_first_character(_CTA_PHRASES))


def cta_hits(text: str) -> int:
    """How many call-to-action phrases the start of a text contains (a feature and a weak signal only)."""
    return len(_CTA.findall(text[:300].lower()))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _drop(block: Block, reason: str) -> None:
    block.label = "junk"
    block.reason = reason


class _Shapes(NamedTuple):
    """Word count and shape of each block's text, one array each."""

    lengths: np.ndarray  # characters
    words: np.ndarray
    ends: np.ndarray  # ends with sentence punctuation (or a closing quote)
    prose: np.ndarray
    title_like: np.ndarray
    kept: np.ndarray  # which blocks are kept as a step begins (`apply` reads it anew after a step that drops)
    spans: dict[bytes, tuple[int, int]]  # `_body_span` of each set of kept blocks asked about


_ENDS_TERMINAL = chars.bmp_table("".join(_TERMINAL))
_ENDS_CLAUSE = chars.bmp_table(".:,;")


def _shapes(blocks: Sequence[Block], counts: chars.TextCounts | None = None) -> _Shapes:
    """Word count and shape of every block's text, computed once a page and shared by the steps.

    Words, last characters and CJK counts come from one pass over the page's characters (the
    page's `counts`, when the caller has them); the function words, which need the words
    themselves, only where they decide.
    """
    counts = chars.text_counts([b.text for b in blocks]) if counts is None else counts
    lengths, _, words, last, cjk = counts  # `last`: the last character of text.rstrip()
    ends = chars.lookup(_ENDS_TERMINAL, last)
    prose = ends & (cjk >= 40)  # a long run of CJK, or a sentence of function words
    prose |= _wordy(blocks, words, ends & (words >= 12) & ~prose)
    title_like = (words >= 2) & (words <= 20) & ~prose & ~chars.lookup(_ENDS_CLAUSE, last)
    cjk_title = (words <= 1) & (cjk > 0)  # one unspaced run of CJK: a title by its length
    if np.count_nonzero(cjk_title):  # most pages have none
        title_like[cjk_title] = ((cjk >= 4) & (cjk <= 40) & ~ends)[cjk_title]
    return _Shapes(lengths, words, ends, prose, title_like, _kept(blocks), {})


def _wordy(blocks: Sequence[Block], words: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Per block: whether at least a tenth of its words are function words, looked at only `where`
    (False elsewhere).

    `words` are the blocks' word counts (lower-casing moves no whitespace, so they split as their
    lower-cased texts do). The compiled count stops at the tenth: a paragraph reaches it early.
    """
    chosen = where.nonzero()[0]
    wordy = np.zeros(len(blocks), dtype=bool)
    lowers = [blocks[i].text.lower() for i in chosen.tolist()]
    needed = -(-words[chosen] // 10)  # a tenth, rounded up
    wordy[chosen] = vocabulary_words(lowers, _FUNCTION_WORDS, up_to=needed) >= needed
    return wordy


_FUNCTION_WORDS = frozenset(
    """the a an and or of to in on for with is are was were that this it be as at by from
    der die das und ist mit von zu den ein eine nicht le la les et est des un une du que qui dans
    el los las y es en con por para una que il di che è e non o de da em um uma het een van en
    och att det som är i w z na się и в не на что""".split()
)


def _kept(blocks: Sequence[Block]) -> np.ndarray:
    """Which blocks are kept (labelled body)."""
    return np.frombuffer(bytearray([b.label == "body" for b in blocks]), dtype=bool)  # twice as fast as from the list


def _body_span(body: np.ndarray, shapes: _Shapes) -> tuple[int, int]:
    """The stretch of kept prose with the most text (junk between costs half its length), given
    which blocks are kept (`body`).

    (start, end) inclusive, the first such stretch to end; (-1, -1) when nothing kept is prose.
    The steps ask in turn and most drop nothing: the answer is kept per set of kept blocks.
    """
    key = body.tobytes()
    if key not in shapes.spans:
        shapes.spans[key] = _best_stretch(body, shapes)
    return shapes.spans[key]


def _best_stretch(body: np.ndarray, shapes: _Shapes) -> tuple[int, int]:
    """`_body_span` for the kept blocks `body`.

    The best stretch ending at a block starts after the lowest prefix total before it (the
    latest, on a tie); the totals are exact, every value being a multiple of 0.5.
    """
    kept_value = np.where(shapes.prose, shapes.lengths, 0)  # kept prose adds its length, other kept text nothing
    value = np.where(body, kept_value, -0.5 * np.minimum(shapes.lengths, 200))  # junk costs half its length
    totals = np.concatenate([[0.0], value.cumsum()])
    lowest = np.minimum.accumulate(totals[:-1])
    gains = totals[1:] - lowest
    end = int(gains.argmax())
    if gains[end] <= 0:
        return -1, -1
    return int((totals[: end + 1] == lowest[end]).nonzero()[0][-1]), end


#: Link farms and tails are remnants: the steps that look for them leave a page alone when the
#: classifier kept more than this share (of the article's kept text) outside the article's span,
#: which is what listing, collection and product pages look like.
MAX_OUTSIDE_SHARE = 0.5


def _remnants_only(body: np.ndarray, shapes: _Shapes, start: int, end: int) -> bool:
    """Whether the kept text outside the span `start`..`end` is small next to the kept text inside it."""
    kept_chars = np.where(body, shapes.lengths, 0)
    inside = int(kept_chars[start : end + 1].sum())
    return int(kept_chars.sum()) - inside <= MAX_OUTSIDE_SHARE * inside


def duplicate_heading(blocks: list[Block], mode: str = "html", shapes: _Shapes | None = None) -> int:
    """Drop later copies of a kept heading (or, in text mode, a short title-shaped line) repeated
    verbatim or near-verbatim: same words ignoring case and punctuation, or all but one word of
    a line of four or more words. Returns how many were dropped."""
    kept: list[tuple[tuple[str, ...], frozenset[str]]] = []
    dropped = 0
    if mode == "text":  # lines repeat legitimately on listing pages; only remnants around an article
        shapes = _shapes(blocks) if shapes is None else shapes
        body = shapes.kept
        start, end = _body_span(body, shapes)
        if start < 0 or not _remnants_only(body, shapes, start, end):
            return 0
    for i in (_kept(blocks) if shapes is None else shapes.kept).nonzero()[0].tolist():
        block = blocks[i]
        if mode != "text" and block.kind != "heading":
            continue  # only headings are candidates in HTML mode: skip tokenising the rest
        toks = tuple(_tokens(block.text))
        if not toks or len(toks) > 20:
            continue
        candidate = block.kind == "heading" or (mode == "text" and len(toks) >= 3 and shapes.title_like[i])
        if not candidate:
            continue
        words = frozenset(toks)
        repeat = False
        for seen, seen_words in kept:
            if seen == toks:
                repeat = True
            elif len(words) >= 4 and len(seen_words) >= 4:
                common = len(words & seen_words)
                if len(words ^ seen_words) <= 2 and common >= max(len(words), len(seen_words)) - 1:
                    repeat = True
            if repeat:
                break
        if repeat:
            _drop(block, "duplicate-heading")
            dropped += 1
        else:
            kept.append((toks, words))
    return dropped


def _teasers(shapes: _Shapes, link_chars: Sequence[int] | None, start: int) -> np.ndarray:
    """Which blocks are teaser titles or links; before the article (`start`), also menu items (one to three words)."""
    lengths = shapes.lengths
    before_body = np.arange(len(lengths)) < start
    menu_item = before_body & (shapes.words >= 1) & (shapes.words <= 3) & ~shapes.ends
    teaser = shapes.title_like | menu_item
    if link_chars is None:
        return teaser
    density = np.asarray(link_chars, dtype=np.float64) / np.maximum(lengths, 1)
    return ((density >= 0.6) & (shapes.words <= 25)) | ((density >= 0.3) & teaser)


def link_farm(
    blocks: list[Block],
    link_chars: Sequence[int] | None = None,
    min_run: int = 3,
    shapes: _Shapes | None = None,
) -> int:
    """Drop runs of >= `min_run` consecutive short teaser titles or links lying after or before the
    article's prose (never inside it), with the short section header just above the run. Before
    the article, menu items (one to three words) count too.

    A run is only dropped while it is small next to the article (at most half its prose), so a
    listing page whose content is the list keeps it. Returns how many blocks were dropped.
    """
    shapes = _shapes(blocks) if shapes is None else shapes
    body = shapes.kept
    start, end = _body_span(body, shapes)
    # Runs and headers are dropped outside the span only: a page keeping nothing there stops here.
    if start < 0 or not (np.count_nonzero(body[:start]) or np.count_nonzero(body[end + 1 :])):
        return 0
    if not _remnants_only(body, shapes, start, end):
        return 0
    span = slice(start, end + 1)
    prose_chars = shapes.lengths[span][shapes.prose[span]].sum()
    dropped = 0
    for i, stop in true_runs(_teasers(shapes, link_chars, start)):
        j = stop - 1
        if j - i + 1 < min_run or start <= i <= end and start <= j <= end:
            continue
        if i <= end and j >= start:  # overlaps the body: only the part outside it
            i, j = (end + 1, j) if j > end else (i, start - 1)
            if j - i + 1 < min_run:
                continue
        members = [b for b in blocks[i : j + 1] if b.label == "body"]
        if not members or sum(len(b.text) for b in members) > 0.5 * prose_chars:
            continue
        for b in members:
            _drop(b, "link-farm")
            dropped += 1
        if i > 0:
            header = blocks[i - 1]
            if header.label == "body" and not shapes.prose[i - 1] and shapes.words[i - 1] <= 8 and i - 1 > end:
                _drop(header, "link-farm")
                dropped += 1
    return dropped


def _junk_around(blocks: list[Block], i: int) -> int:
    """How many of the two blocks on either side of block `i` were dropped."""
    return sum(1 for b in blocks[max(i - 2, 0) : i] + blocks[i + 1 : i + 3] if b.label == "junk" and b.reason)


def call_to_action(blocks: list[Block], shapes: _Shapes | None = None) -> int:
    """Drop short kept blocks that ask the reader to subscribe, sign up, follow or accept cookies
    (or label an advert), when they stand outside the article's prose, among dropped blocks, or,
    inside it, are short lines the classifier kept without confidence. The phrase is only half the
    evidence: a paragraph of the article using the same words stays. The short text just after
    such a prompt, outside the article, goes with it ("Get the best stories in your inbox.")."""
    shapes = _shapes(blocks) if shapes is None else shapes
    body = shapes.kept.copy()  # kept after this step's own drops
    start, end = _body_span(body, shapes)
    outside = np.ones(len(blocks), dtype=bool)
    outside[start : end + 1] = False  # all of the page when nothing kept is prose (an empty slice: -1:0)
    words, prose = shapes.words, shapes.prose
    dropped = 0
    # A prose block inside the article is never placed for a drop: only the others are looked at.
    looked_at = (body & (words <= 40) & (outside | ~prose)).nonzero()[0]
    for i, few_words, out in zip(looked_at.tolist(), (words[looked_at] <= 10).tolist(), outside[looked_at].tolist()):
        block = blocks[i]
        weak_line = few_words and block.score < 0.75
        placed = out or weak_line or _junk_around(blocks, i) >= 3
        # The phrase test last: it is the costly one, and only decides where the place allows a drop.
        if placed and cta_hits(block.text.lower()):
            _drop(block, "call-to-action")
            body[i] = False
            dropped += 1
    # The prompt's own text after it, outside the article, whoever dropped the prompt.
    follows_short = np.zeros(len(blocks), dtype=bool)
    follows_short[1:] = words[:-1] <= 12
    for j in (body & outside & ~prose & (words <= 30) & follows_short).nonzero()[0].tolist():
        before = blocks[j - 1]
        if before.label == "junk" and cta_hits(before.text):
            _drop(blocks[j], "call-to-action")
            dropped += 1
    return dropped


_LABEL_PREFIX = re.compile(
    r"^(?:tags?|keywords?|schlagwörter|mots[- ]clés|etiquetas|parole chiave|标签|タグ)\s*:\s*", re.I
)

_KEYWORD_SEPARATORS = ",;、，|"
_SENTENCE_ENDS = (".", "!", "?")
_KEYWORD_SEPARATOR = re.compile(f"[{re.escape(_KEYWORD_SEPARATORS)}]")


def is_keyword_line(text: str) -> bool:
    """An SEO keyword string: mostly lower-case, >= 4 comma-separated items of <= 4 words each,
    no sentence punctuation at the end, few function words."""
    # A sentence (the label prefix never ends one), or fewer than the three separators four items
    # need: most lines stop here, before any regex.
    if text.rstrip().endswith(_SENTENCE_ENDS) or sum(map(text.count, _KEYWORD_SEPARATORS)) < 3:
        return False
    body = _LABEL_PREFIX.sub("", text.strip())
    items = [p.strip() for p in _KEYWORD_SEPARATOR.split(body) if p.strip()]
    if len(items) < 4:
        return False
    if max(len(p.split()) for p in items) > 4:
        return False
    words = body.split()
    letters = [c for c in body if c.isalpha()]
    lower_share = sum(c.islower() for c in letters) / max(len(letters), 1)
    stop = sum(w.lower().strip(",;") in _FUNCTION_WORDS for w in words) / max(len(words), 1)
    return lower_share >= 0.9 and stop <= 0.15


def keyword_spam(blocks: list[Block], near: int = 6, shapes: _Shapes | None = None) -> int:
    """Drop a kept keyword string within `near` blocks of the title (or of the article's start)."""
    anchors = [i for i, b in enumerate(blocks) if b.reason == "title"]
    shapes = _shapes(blocks) if shapes is None else shapes
    start, _ = _body_span(shapes.kept, shapes)
    if start >= 0:
        anchors.append(start)
    if not anchors:
        anchors = [0]
    dropped = 0
    for i in sorted({i for a in anchors for i in range(max(a - near, 0), min(a + near + 1, len(blocks)))}):
        block = blocks[i]
        if block.label == "body" and is_keyword_line(block.text):
            _drop(block, "keyword-spam")
            dropped += 1
    return dropped


def tail(blocks: list[Block], min_junk: int = 2, confident: float = 0.6, shapes: _Shapes | None = None) -> int:
    """Once the article has ended, drop its junk tail as a whole.

    The article ends with the body span (the stretch of kept prose with the most text). After
    it, from the first stretch of >= `min_junk` dropped blocks on, every kept block that is
    not itself a prose paragraph is dropped: a stray teaser, label or button among the
    footer's junk. Between the span and that stretch, short blocks stay only when the
    classifier kept them with confidence (a sign-off, a last list item). A genuine later
    body paragraph (prose, kept) always stays.
    """
    shapes = _shapes(blocks) if shapes is None else shapes
    body = shapes.kept
    start, end = _body_span(body, shapes)
    if start < 0:
        return 0
    # The only blocks it may drop: most pages keep none after the article, and stop here.
    after = (end + 1 + (body[end + 1 :] & ~shapes.prose[end + 1 :]).nonzero()[0]).tolist()
    if not after or not _remnants_only(body, shapes, start, end):
        return 0
    i, n = end + 1, len(blocks)
    junk_run = 0
    while i < n:  # the tail starts at the first stretch of dropped blocks
        junk_run = junk_run + 1 if blocks[i].label == "junk" else 0
        i += 1
        if junk_run >= min_junk:
            break
    if junk_run < min_junk:
        return 0
    dropped = 0
    for k in after:
        block = blocks[k]
        if k >= i or block.score < confident:
            _drop(block, "tail")
            dropped += 1
    return dropped


# An ancestor whose class or id names a comment thread (`Block.path` keeps "tag.class" per level).
_THREAD_WORDS = ("comment", "disqus")
_COMMENT_CONTAINER = re.compile(rf"[.#][^>]*(?:{'|'.join(_THREAD_WORDS)})", re.IGNORECASE)


def _may_name_thread(paths: Collection[str]) -> bool:
    """False when no path can hold `_COMMENT_CONTAINER`: ASCII paths without its words in any case.

    The regex scans slowly and most pages have no thread; ASCII letters match its ASCII words, in any
    case, exactly when the lower-cased paths hold them (other text goes to the regex).
    """
    joined = ">".join(paths)
    if not joined.isascii():
        return True
    lower = joined.lower()
    return any(word in lower for word in _THREAD_WORDS)


# Pages whose comments are their content: a forum thread, a product's reviews, a list of items.
_COMMENTS_ARE_CONTENT = PAGE_TYPES["discussion"] + PAGE_TYPES["product"] + PAGE_TYPES["listing"]


def comments(
    blocks: list[Block], page_types: Collection[str] = (), min_article_words: int = 150, shapes: _Shapes | None = None
) -> int:
    """Drop the kept blocks of a comment thread that follows an article.

    The thread is told by its containers, not its words: once at least `min_article_words`
    of kept text outside any comment container have come first, every kept block inside one
    is a reader's comment. A page that opens with a comment container (a forum, a Q&A) or
    declares itself a discussion, product or listing keeps them: there the comments are the content.
    """
    if page_types and any(word in " ".join(page_types) for word in _COMMENTS_ARE_CONTENT):
        return 0
    kept = (_kept(blocks) if shapes is None else shapes.kept).nonzero()[0].tolist()
    kept_paths = {blocks[i].path for i in kept}  # siblings share paths: one search each
    if not _may_name_thread(kept_paths):
        return 0
    threaded = {path for path in kept_paths if _COMMENT_CONTAINER.search(path)}
    thread = [i for i in kept if blocks[i].path in threaded]
    if not thread or sum(len(b.text.split()) for b in blocks[: thread[0]] if b.label == "body") < min_article_words:
        return 0
    for i in thread:
        _drop(blocks[i], "comments")
    return len(thread)


#: The steps in the order `apply` runs them.
STEPS = ("duplicate-heading", "keyword-spam", "link-farm", "call-to-action", "tail", "comments")


def apply(
    blocks: list[Block],
    link_chars: Sequence[int] | None = None,
    mode: str = "html",
    steps: Sequence[str] = STEPS,
    page_types: Collection[str] = (),
    text_counts: chars.TextCounts | None = None,
) -> dict[str, int]:
    """Run the named spam steps over a page's labelled blocks; returns blocks dropped per reason.

    `page_types` are the types the page declares (`Segmentation.schema_types`); `text_counts` the
    blocks' `chars.text_counts`, when the caller shares them with `cleanup.decide_threshold`.
    """
    counts = {}
    if not blocks:
        return counts
    shapes = _shapes(blocks, text_counts)  # the texts never change, only labels: one computation for every step
    run = {
        "duplicate-heading": lambda: duplicate_heading(blocks, mode, shapes=shapes),
        "keyword-spam": lambda: keyword_spam(blocks, shapes=shapes),
        "link-farm": lambda: link_farm(blocks, link_chars, shapes=shapes),
        "call-to-action": lambda: call_to_action(blocks, shapes=shapes),
        "tail": lambda: tail(blocks, shapes=shapes),
        "comments": lambda: comments(blocks, page_types, shapes=shapes),
    }
    for step in STEPS:
        if step in steps:
            counts[step] = run[step]()
            if counts[step]:  # most steps drop nothing: only after one that did are the labels read again
                shapes.kept[:] = _kept(blocks)
    return counts
