"""Plain-text mode: clean text that is already flattened (a page's text, one block per line).

The HTML pipeline reads markup; here there is none, so the blocks come from lines and
blank-line paragraphs (hard-wrapped lines re-joined), and the features describe only
the text: length and sentence shape, capitalisation, punctuation, where a line sits
relative to the page's prose, its likeness to the title, runs of short title-like lines,
repetition and neighbours. A two-stage tree model trained like the HTML one
(`python -m cleaner.train.text`) labels every block; a third tree ensemble picks the
headline. The named spam steps of `cleaner.spam` then run as in HTML mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from cleaner import cleanup, spam
from cleaner.chars import text_counts
from cleaner.document import Document
from cleaner.features import CJK_PARTICLES, STOPWORDS, SURE_BODY, mass_around, shifted, true_runs
from cleaner.model import Model, ModelError, load
from cleaner.segment import Block

TEXT_MODEL = Path(__file__).parent / "models" / "text.npz"
TEXT_MODEL_SHA256_FILE = TEXT_MODEL.with_suffix(".sha256")

# ----------------------------------------------------------------------------- sniffing

_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|p|div|br|span|a|table|article|section|main|h[1-6]|ul|ol|li|meta|title)"
    rb"[\s>/]",
    re.IGNORECASE,
)


def looks_like_html(data: str | bytes) -> bool:
    """A cheap sniff: markup tags such as <html, <body, <p, <div near the start mean HTML."""
    head = data[:65536]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    return bool(_HTML_TAG.search(head))


# ----------------------------------------------------------------------------- segmenting

_BULLET = re.compile(r"^(?:[-*•‣◦▪·–]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\x00"))
_HEADING_END = tuple(".,;:!…")


@dataclass(slots=True)
class TextSegmentation:
    """Blocks of a text plus what the features need about its layout."""

    blocks: list[Block] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # physical lines joined into each block
    gap_before: list[bool] = field(default_factory=list)  # a blank line before the block
    gap_after: list[bool] = field(default_factory=list)
    wrapped: bool = False  # hard-wrapped text was detected and re-joined
    truncated: bool = False


def _wrap_width(lengths: list[int]) -> int:
    """The column a hard-wrapped text is wrapped at, or 0 when it is not hard-wrapped.

    Wrapped text has most of its lines just short of one width and almost none beyond;
    text with one paragraph per line has long lines of every length.
    """
    if len(lengths) < 6:
        return 0
    arr = np.asarray(lengths)
    width = int(np.percentile(arr, 90))
    if not 30 <= width <= 130:
        return 0
    if (arr > width + 12).mean() > 0.03 or (arr >= 0.7 * width).mean() < 0.35:
        return 0
    return width


def segment_text(text: str, max_blocks: int = 100_000) -> TextSegmentation:
    """Lines and blank-line paragraphs to blocks; hard-wrapped lines are joined back."""
    text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n").replace("\v", "\n")
    raw = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    width = _wrap_width([len(line) for line in raw if line])
    seg = TextSegmentation(wrapped=bool(width))
    gap = True
    pending: list[str] = []  # physical lines of the block being built

    def flush(gap_after: bool) -> None:
        if not pending:
            return
        out = pending[0]
        for line in pending[1:]:
            if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
                out = out[:-1] + line
            else:
                out = out + " " + line
        seg.blocks.append(_block(out))
        seg.lines.append(len(pending))
        seg.gap_after.append(gap_after)
        pending.clear()

    for line in raw:
        if len(seg.blocks) >= max_blocks:
            seg.truncated = True
            break
        if not line:
            flush(True)
            gap = True
            continue
        joins = (
            width
            and pending
            and len(pending[-1]) >= 0.6 * width
            and not _BULLET.match(line)
            and not _MD_HEADING.match(line)
        )
        if not joins:
            flush(False)
            seg.gap_before.append(gap)
            gap = False
        pending.append(line)
    if not seg.truncated:
        flush(True)
    del seg.gap_before[len(seg.blocks) :]
    return seg


def _block(text: str) -> Block:
    md = _MD_HEADING.match(text)
    if md and md.group(2):
        return Block(text=md.group(2), kind="heading", tag=f"h{len(md.group(1))}", path="text")
    if _BULLET.match(text) and len(text) > 2:
        return Block(text=text, kind="list_item", tag="li", path="text")
    words = text.split()
    if 1 <= len(words) <= 15 and len(text) <= 120 and not text.endswith(_HEADING_END) and text[:1].isupper():
        return Block(text=text, kind="heading", tag="h2", path="text")
    if len(words) >= 8 and text.endswith((".", "!", "?", "…", "。", "！", "？", '"', "”", "»", ")")):
        return Block(text=text, kind="paragraph", tag="p", path="text")
    return Block(text=text, kind="text", tag="line", path="text")


# ----------------------------------------------------------------------------- features

_TOKEN = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TERMINAL = frozenset(".!?。！？…\"'”’)»")
_SEPARATORS = "|•·/»›>–—"
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net)\b|@\w+\.\w")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved|\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b", re.I)
_DIGITS = dict.fromkeys(map(ord, "0123456789"))

_BASE = (
    "chars",
    "words",
    "log_chars",
    "title_case",
    "upper_initial",
    "all_lower",
    "all_upper",
    "stopwords",
    "short_words",
    "sentence_ends",
    "commas",
    "ends_terminal",
    "ends_colon",
    "ends_question",
    "separators",
    "digits",
    "cjk",
    "cjk_particles",
    "mean_word_length",
    "bullet",
    "url",
    "copyright",
    "cta_phrases",
    "keyword_line",
    "lines_joined",
    "gap_before",
    "gap_after",
    "kind_heading",
    "kind_list_item",
    "kind_paragraph",
    "prose",
    "title_like",
)
_NEIGHBOUR_COLUMNS = ("log_chars", "ends_terminal", "stopwords", "title_like", "prose", "kind_heading")
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)


def feature_names() -> list[str]:
    names = list(_BASE)
    names += ["position", "char_position", "log_index", "log_from_end"]
    names += ["prose_before", "prose_after", "log_distance_to_prose", "in_span", "log_distance_to_span"]
    names += ["after_span", "before_span", "span_share"]
    names += ["first_line_overlap", "title_guess_overlap", "is_title_guess", "is_first_line"]
    names += ["log_repeats", "is_first_occurrence", "near_repeat_earlier", "near_repeat_any"]
    names += ["log_run", "run_position", "run_title_like", "run_after_span", "run_cta"]
    names += ["page_log_chars", "page_log_blocks", "page_prose_share", "page_wrapped"]
    for off in NEIGHBOUR_OFFSETS:
        names += [f"nb{off:+d}_{c}" for c in _NEIGHBOUR_COLUMNS]
    return names


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def _stats(seg: TextSegmentation) -> np.ndarray:
    texts = [b.text for b in seg.blocks]
    rows = np.zeros((len(texts), len(_BASE)))
    for i, t in enumerate(texts):
        words = t.split()
        n_words = len(words) or 1
        lower = t.lower()
        n_chars = len(t) or 1
        cjk = n_chars - len(_CJK.sub("", t)) if not t.isascii() else 0
        alpha_words = [w for w in words if w[:1].isalpha()]
        upper_initial = sum(w[0].isupper() for w in alpha_words) / max(len(alpha_words), 1)
        stop = sum(map(STOPWORDS.__contains__, lower.split())) / n_words
        ends = t[-1:] in _TERMINAL
        commas = t.count(",") + t.count("、") + t.count("，") + t.count(";")
        items = [p.strip() for p in re.split(r"[,;|、，]", t) if p.strip()]
        keyword_line = (
            len(items) >= 3 and sum(len(p.split()) for p in items) / len(items) <= 3.5 and not ends and stop < 0.2
        )
        kind = seg.blocks[i].kind
        prose = n_words >= 12 and ends and (stop >= 0.12 or cjk / n_chars > 0.3)
        prose = prose or (cjk / n_chars > 0.5 and n_chars >= 40 and ends)
        title_like = (
            2 <= len(words) <= 20
            and not ends
            and not t.endswith((":", ",", ";"))
            and (upper_initial >= 0.5 or t[:1].isupper())
        )
        rows[i] = (
            n_chars,
            len(words),
            np.log1p(n_chars),
            sum(map(str.istitle, words)) / n_words,
            upper_initial,
            t == lower and t != t.upper(),
            t == t.upper() and t != lower,
            stop,
            sum(1 for w in words if len(w) <= 3) / n_words,
            sum(t.count(c) for c in ".!?。！？"),
            commas / n_words,
            ends,
            t.endswith(":"),
            t.endswith("?"),
            sum(t.count(c) for c in _SEPARATORS) / n_words,
            (len(t) - len(t.translate(_DIGITS))) / n_chars,
            cjk / n_chars,
            sum(t.count(c) for c in CJK_PARTICLES) / max(cjk, 1),
            sum(map(len, words)) / n_words,
            bool(_BULLET.match(t)),
            bool(_URL.search(lower)),
            bool(_COPYRIGHT.search(t)),
            spam.cta_hits(lower),
            keyword_line,
            seg.lines[i] if i < len(seg.lines) else 1,
            seg.gap_before[i] if i < len(seg.gap_before) else 1,
            seg.gap_after[i] if i < len(seg.gap_after) else 1,
            kind == "heading",
            kind == "list_item",
            kind == "paragraph",
            prose,
            title_like,
        )
    return rows


def _col(name: str) -> int:
    return _BASE.index(name)


def body_span(good_chars: np.ndarray, chars: np.ndarray, penalty: float = 0.5) -> tuple[int, int]:
    """The stretch of blocks with the most prose: maximum-sum run of +prose / -other chars.

    Returns (start, end) inclusive, or (-1, -1) when there is no prose.
    """
    value = np.where(good_chars > 0, good_chars, -penalty * np.minimum(chars, 200))
    best, best_span, run, start = 0.0, (-1, -1), 0.0, 0
    for i, v in enumerate(value.tolist()):
        if run <= 0:
            run, start = 0.0, i
        run += v
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def _overlap(texts: list[str], reference: str) -> np.ndarray:
    ref = set(_TOKEN.findall(reference.lower()))
    out = np.zeros(len(texts))
    if not ref:
        return out
    for i, t in enumerate(texts):
        toks = set(_TOKEN.findall(t.lower()))
        if toks:
            out[i] = len(toks & ref) / len(toks | ref)
    return out


def near_duplicates(texts: list[str], max_words: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Per block: whether an earlier block is the same line near-verbatim, and whether any other is.

    Near-verbatim: the same tokens ignoring case and punctuation; or, on lines of four or more
    tokens, the same set of tokens but for one added, dropped or changed token. Only short blocks
    are compared (headings, teasers); each set is indexed under itself and under every set with one
    token removed, so matching is linear in the page.
    """
    n = len(texts)
    earlier, anywhere = np.zeros(n), np.zeros(n)
    first_of: dict[object, int] = {}
    for i, t in enumerate(texts):
        toks = _TOKEN.findall(t.lower())
        if not toks or len(toks) > max_words:
            continue
        keys: list[object] = [tuple(toks)]
        words = frozenset(toks)
        if len(words) >= 4:
            keys += [words] + [words - {w} for w in words]
        match = False
        for key in keys:
            if key in first_of:
                match = True
                anywhere[first_of[key]] = 1
            else:
                first_of[key] = i
        if match:
            earlier[i] = anywhere[i] = 1
    return earlier, anywhere


def featurize(seg: TextSegmentation) -> np.ndarray:
    """One row per block, len(feature_names()) columns."""
    n = len(seg.blocks)
    if not n:
        return np.zeros((0, len(feature_names())))
    texts = [b.text for b in seg.blocks]
    stats = _stats(seg)
    chars = stats[:, _col("chars")]
    prose = stats[:, _col("prose")] > 0
    title_like = stats[:, _col("title_like")] > 0
    idx = np.arange(n)
    total = max(chars.sum(), 1.0)
    good = np.where(prose, chars, 0.0)
    total_good = max(good.sum(), 1.0)
    before, after, dist = mass_around(good, total_good)
    start, end = body_span(good, chars)
    if start >= 0:
        in_span = (idx >= start) & (idx <= end)
        span_dist = np.log1p(np.where(idx < start, start - idx, np.where(idx > end, idx - end, 0)))
        after_span, before_span = idx > end, idx < start
        span_share = good[start : end + 1].sum() / total_good
    else:
        in_span = after_span = before_span = np.zeros(n, dtype=bool)
        span_dist, span_share = np.full(n, -1.0), 0.0

    # The title: the nearest title-like line before the body, else the first line.
    guess = title_guess(seg, stats, start)
    first_overlap = _overlap(texts, texts[0])
    guess_overlap = _overlap(texts, texts[guess]) if guess >= 0 else np.zeros(n)
    is_guess = (idx == guess).astype(float)

    keys = [_norm(t) for t in texts]
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    seen: set[str] = set()
    first_occ = np.zeros(n)
    for i, k in enumerate(keys):
        first_occ[i] = k not in seen
        seen.add(k)
    repeats = np.log1p(np.array([counts[k] - 1 for k in keys], dtype=float))
    near_earlier, near_any = near_duplicates(texts)

    # Runs of consecutive short non-prose lines: menus, teaser lists, link farms.
    short = (stats[:, _col("words")] <= 25) & ~prose
    run_len, run_pos, run_title, run_cta = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    cta = stats[:, _col("cta_phrases")]
    for i, stop in true_runs(short):
        length = stop - i
        run_len[i:stop] = length
        run_pos[i:stop] = (idx[i:stop] - i) / max(length - 1, 1)
        run_title[i:stop] = title_like[i:stop].mean()
        run_cta[i:stop] = (cta[i:stop] > 0).mean()
    run_after = (run_len > 0) & after_span

    neighbours = shifted(stats[:, [_col(name) for name in _NEIGHBOUR_COLUMNS]], NEIGHBOUR_OFFSETS)
    page = [np.log1p(total), np.log1p(n), good.sum() / total, float(seg.wrapped)]
    return np.column_stack(
        [
            stats,
            idx / n,
            (np.cumsum(chars) - chars) / total,
            np.log1p(idx),
            np.log1p(n - 1 - idx),
            before,
            after,
            dist,
            in_span,
            span_dist,
            after_span,
            before_span,
            np.full(n, span_share),
            first_overlap,
            guess_overlap,
            is_guess,
            (idx == 0).astype(float),
            repeats,
            first_occ,
            near_earlier,
            near_any,
            np.log1p(run_len),
            run_pos,
            run_title,
            run_after,
            run_cta,
            *[np.full(n, v) for v in page],
            neighbours,
        ]
    )


def title_guess(seg: TextSegmentation, stats: np.ndarray, span_start: int) -> int:
    """Index of the nearest title-like line above the body (within 12 blocks), else 0."""
    title_like = stats[:, _col("title_like")] > 0
    if span_start > 0:
        for i in range(span_start - 1, max(span_start - 13, -1), -1):
            if title_like[i] and stats[i, _col("words")] >= 3:
                return i
    return 0


SCORE_OFFSETS = (-3, -2, -1, 1, 2, 3)
#: Blocks either side whose sure body counts as near a block (`sure_nearby`).
SURE_NEARBY = 5


def score_context_names() -> list[str]:
    names = ["score"] + [f"nb{off:+d}_score" for off in SCORE_OFFSETS]
    names += ["window_score", "page_score", "score_rank", "kept_before", "kept_after", "run_score"]
    return names + ["sure_before", "sure_after", "sure_distance", "sure_nearby"]


def score_context(seg: TextSegmentation, scores: np.ndarray) -> np.ndarray:
    """Stage 1's scores around each block, for stage 2: the learned smoothing, whether
    the article has ended (little kept text after a block), and how near the sure body is."""
    n = len(scores)
    if not n:
        return np.zeros((0, len(score_context_names())))
    chars = np.fromiter((len(b.text) for b in seg.blocks), dtype=np.float64, count=n)
    columns = [scores, shifted(scores[:, None], SCORE_OFFSETS)]
    kernel = np.ones(5) / 5
    columns.append(np.convolve(np.pad(scores, 2, mode="edge"), kernel, mode="valid"))
    weighted = scores * chars
    columns.append(np.full(n, weighted.sum() / max(chars.sum(), 1)))
    columns.append(scores.argsort().argsort() / n)
    kept = np.where(scores >= 0.5, chars, 0.0)
    kept_total = max(kept.sum(), 1.0)
    columns.append((np.cumsum(kept) - kept) / kept_total)
    columns.append((kept[::-1].cumsum()[::-1] - kept) / kept_total)
    # Mean score of the run of short lines around the block.
    short = np.fromiter((len(b.text.split()) <= 25 for b in seg.blocks), dtype=bool, count=n)
    run_score = np.full(n, -1.0)
    for i, stop in true_runs(short):
        run_score[i:stop] = scores[i:stop].mean()
    columns.append(run_score)
    # Where the sure body lies (stage-1 score of `SURE_BODY` or more), as in HTML mode.
    sure = np.where(scores >= SURE_BODY, chars, 0.0)
    sure_total = max(sure.sum(), 1.0)
    columns += mass_around(sure, sure_total)
    columns.append(np.convolve(np.pad(sure, SURE_NEARBY), np.ones(2 * SURE_NEARBY + 1), mode="valid") / sure_total)
    return np.column_stack(columns)


def score(model: Model, seg: TextSegmentation, X: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Body probability per block, and headline probability per block."""
    X = featurize(seg) if X is None else X
    body_stages = model.meta.get("body_stages", 2)
    scores = model.stages[0].predict_proba(X)
    for stage in model.stages[1:body_stages]:
        scores = stage.predict_proba(np.hstack([X, score_context(seg, scores)]))
    title = model.stages[body_stages].predict_proba(X) if len(model.stages) > body_stages else np.zeros(len(X))
    return scores, title


# ----------------------------------------------------------------------------- cleaning


@lru_cache(maxsize=1)
def load_text_model() -> Model:
    """The shipped text-mode model, verified against its recorded digest."""
    try:
        digest = TEXT_MODEL_SHA256_FILE.read_text().split()[0]
    except (OSError, IndexError) as exc:
        raise ModelError(f"cannot read the text model's digest {TEXT_MODEL_SHA256_FILE}: {exc}") from exc
    return load(TEXT_MODEL, digest)


class TextCleaner:
    """Cleans plain text with the text-mode model; thread-safe, picklable, model loaded lazily."""

    def __init__(
        self,
        threshold: float | None = None,
        preset: str = "balanced",
        model: str | Path | None = None,
        trust_model: bool = False,
        max_chars: int = 50_000_000,
        max_blocks: int = 100_000,
        spam_steps: bool = True,
    ) -> None:
        if preset not in ("balanced", "precision", "recall"):
            raise ValueError(f"preset must be 'balanced', 'precision' or 'recall', not {preset!r}")
        if model is not None and not trust_model:
            raise ModelError(
                f"refusing to load model {model}: a model from a path is used only on explicit opt-in "
                "(TextCleaner(model=path, trust_model=True))"
            )
        self.threshold_override = threshold
        self.preset = preset
        self.model_path = model
        self.max_chars = max_chars
        self.max_blocks = max_blocks
        self.spam_steps = spam_steps
        self._model: Model | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_model"} | {"_model": None}

    @property
    def model(self) -> Model:
        if self._model is None:
            model = load(self.model_path) if self.model_path else load_text_model()
            if not model.reads(feature_names(), score_context_names()) or model.meta.get("mode") != "text":
                raise ModelError(
                    "text model was trained on other features than this version of cleaner computes: "
                    "retrain it with `python -m cleaner.train.text`"
                )
            self._model = model
        return self._model

    def clean_text(self, text: str | bytes, title: str | None = None, url: str | None = None) -> Document:
        """Clean flattened page text; `title`, when known (e.g. the page's <title>), helps pick the headline."""
        doc = Document(text="", title=None, url=url)
        if isinstance(text, (bytes, bytearray, memoryview)):
            from cleaner.decode import decode

            decoded = decode(bytes(text)[: self.max_chars])
            doc.encoding = decoded.encoding
            doc.truncated = len(text) > self.max_chars
            if decoded.binary:
                doc.status = "not_html"
                return doc
            text = decoded.text
        elif isinstance(text, str):
            doc.truncated = len(text) > self.max_chars
            text = text[: self.max_chars]
        else:
            raise TypeError(f"clean_text expects str or bytes, not {type(text).__name__}")
        if title is not None and not isinstance(title, str):
            raise TypeError(f"title must be a str or None, not {type(title).__name__}")
        seg = segment_text(text, max_blocks=self.max_blocks)
        doc.truncated = doc.truncated or seg.truncated
        doc.blocks = seg.blocks
        if not seg.blocks:
            doc.status = "empty"
            return doc
        X = featurize(seg)
        scores, title_scores = score(self.model, seg, X)
        counts = text_counts([b.text for b in seg.blocks])  # for the threshold and the spam steps
        doc.threshold = cleanup.decide_threshold(seg.blocks, scores, self.preset, self.threshold_override, counts)
        cleanup.label(seg.blocks, scores, doc.threshold)
        doc.title = pick_title(seg.blocks, title_scores, title)
        cleanup.drop_duplicates(seg.blocks)
        if self.spam_steps:
            spam.apply(seg.blocks, mode="text", text_counts=counts)
        doc.text = "\n".join(b.text for b in seg.blocks if b.label == "body")
        if not doc.text:
            doc.status = "no_main_content"
        elif doc.truncated:
            doc.status = "truncated"
        return doc


def pick_title(blocks: list[Block], title_scores: np.ndarray, hint: str | None = None) -> str | None:
    """The headline: the block the title model rates highest (or the best match of a hint);
    it is set apart from the body, as in HTML mode."""
    if hint:
        hint_tokens = set(_TOKEN.findall(hint.lower()))
        best, best_match = None, 0.0
        for block in blocks[:400]:
            tokens = set(_TOKEN.findall(block.text.lower()))
            if tokens and hint_tokens:
                match = len(tokens & hint_tokens) / len(tokens | hint_tokens)
                if match > best_match:
                    best, best_match = block, match
        if best is not None and best_match >= 0.5 and len(best.text) <= 300:
            if best.label == "body":
                best.label, best.reason = "junk", "title"
            return best.text
        return hint
    if not len(title_scores):
        return None
    i = int(np.argmax(title_scores[:400]))
    if title_scores[i] < 0.5 or len(blocks[i].text) > 300:
        return None
    if blocks[i].label == "body":
        blocks[i].label, blocks[i].reason = "junk", "title"
    return blocks[i].text


@lru_cache(maxsize=1)
def default_text_cleaner() -> TextCleaner:
    """The shared default instance behind the module-level functions."""
    return TextCleaner()


def clean_text(text: str | bytes, title: str | None = None, url: str | None = None) -> Document:
    """Clean flattened text (a page's text, one block per line) with the shipped text model."""
    return default_text_cleaner().clean_text(text, title=title, url=url)
