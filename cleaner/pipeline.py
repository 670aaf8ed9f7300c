"""The `Cleaner`: decode, segment, featurize, classify, clean up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

import numpy as np
from lxml import etree

from cleaner import chars, cleanup, spam
from cleaner.decode import decode, sanitize
from cleaner.document import Document
from cleaner.features import feature_names, featurize, score_context, score_context_names
from cleaner.model import Model, ModelError, load, load_default
from cleaner.segment import Segmentation, parse, segment

Preset = Literal["balanced", "precision", "recall"]
#: Pages per model call in `Cleaner.clean_many`: 16 and 32 ran fastest on the dev speed sample,
#: and 64 was slower than one page at a time (benchmarks/RESULTS.md).
BATCH_SIZE = 16


@dataclass(frozen=True)
class Options:
    """Everything that changes what `Cleaner` returns; frozen so a Cleaner can be shared."""

    #: Which F-score each page's threshold maximises: F1, F0.5 (precision) or F2 (recall).
    preset: Preset = "balanced"
    #: Probability above which a block is body; overrides `preset` when set.
    threshold: float | None = None
    #: Input beyond this many bytes (or characters) is cut off and the result marked truncated.
    max_bytes: int = 50_000_000
    #: Blocks beyond this many are not read; the result is marked truncated.
    max_blocks: int = 100_000
    #: Path to a model file made by `python -m cleaner.train`; None for the shipped model.
    model: str | Path | None = None
    #: Must be True to use `model`: a model decides what text is kept, so one from a path is
    #: used only on explicit opt-in. (Model files are plain arrays read with
    #: allow_pickle=False and cannot run code; the shipped model is checked by SHA-256.)
    trust_model: bool = False


InputHTML = bytes | str | etree._Element | Any  # Any: a BeautifulSoup object


class Cleaner:
    """Reusable cleaner: the model is loaded once, lazily; safe to share across threads and to pickle."""

    def __init__(self, options: Options | None = None, **overrides: Any) -> None:
        if options is not None and not isinstance(options, Options):
            raise TypeError(f"Cleaner expects cleaner.Options, not {type(options).__name__}")
        options = options or Options()
        if overrides:
            from dataclasses import replace

            options = replace(options, **overrides)  # TypeError for an unknown option
        _check_options(options)
        self.options = options
        self._model: Model | None = None

    def __getstate__(self) -> dict:
        return {"options": self.options}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["options"])

    @property
    def model(self) -> Model:
        if self._model is None:
            if self.options.model:
                _check_trusted(self.options)
                model = load(self.options.model)
            else:
                model = load_default()
            if not model.reads(feature_names(), score_context_names()):
                from cleaner import __version__

                name = self.options.model or "default (shipped)"
                raise ModelError(
                    f"model {name} was trained on other features than this version of cleaner computes "
                    f"(model made with cleaner {model.meta.get('cleaner', 'unknown')}, this is cleaner {__version__}): "
                    f"use it with that version of cleaner, or retrain it with `python -m cleaner.train`"
                )
            self._model = model
        return self._model

    def clean_html(self, html: InputHTML, url: str | None = None) -> Document:
        """Clean one page given as bytes (any encoding), str, lxml element or BeautifulSoup."""
        doc, seg = self._prepare(html, url)  # `clean_many`'s steps for one page, without its batch and generator
        model = self.model  # loaded (or refused) for an empty page too, as in `clean_many`
        if seg is not None and seg.blocks:
            self._clean_up(doc, seg, score_pages(model, [seg])[0])
        return _set_status(doc)

    def clean_many(
        self, pages: Iterable[InputHTML | tuple[InputHTML, str | None]], batch_size: int = BATCH_SIZE
    ) -> Iterator[Document]:
        """Clean pages lazily, in order, predicting a batch of pages in one model call."""
        batch: list[tuple[Document, Segmentation | None]] = []
        for page in pages:
            if isinstance(page, tuple):
                if len(page) != 2:
                    raise TypeError(f"clean_many expects html or (html, url) pairs, not a tuple of {len(page)}")
                html, url = page
            else:
                html, url = page, None
            batch.append(self._prepare(html, url))
            if len(batch) >= batch_size:
                yield from self._finish(batch)
                batch = []
        if batch:
            yield from self._finish(batch)

    def _prepare(self, html: InputHTML, url: str | None) -> tuple[Document, Segmentation | None]:
        """Everything before the model: input checks, decoding, parsing, segmentation."""
        if url is not None and not isinstance(url, str):
            raise TypeError(f"url must be a str or None, not {type(url).__name__}")
        doc = Document(text="", title=None, url=url)
        root = None
        if isinstance(html, etree._ElementTree):
            html = html.getroot()
        if isinstance(html, etree._Element):
            root = html
        else:
            if isinstance(html, (bytes, bytearray, memoryview)):
                data = bytes(html)
                if len(data) > self.options.max_bytes:
                    data, doc.truncated = data[: self.options.max_bytes], True
                decoded = decode(data)
                doc.encoding = decoded.encoding
                if decoded.binary:
                    doc.status = "not_html"
                    return doc, None
                text = decoded.text
            elif isinstance(html, str):
                text = sanitize(html[: self.options.max_bytes])
                doc.truncated = len(html) > self.options.max_bytes
            elif type(html).__module__.startswith("bs4"):
                text = str(html)
                doc.truncated = len(text) > self.options.max_bytes
                text = sanitize(text[: self.options.max_bytes])
            else:
                kind = type(html).__name__
                raise TypeError(f"clean_html expects bytes, str, an lxml element or a BeautifulSoup object, not {kind}")
            if not text or text.isspace():  # no stripped copy of the page
                doc.status = "empty"
                return doc, None
            root = parse(text)
        if root is None:
            doc.status = "empty"
            return doc, None
        seg = segment(root, max_blocks=self.options.max_blocks)
        doc.truncated = doc.truncated or seg.truncated
        doc.blocks = seg.blocks
        if not seg.blocks:  # no block to clean up, but the page may still name itself
            doc.title = cleanup.pick_title([], [seg.meta_title, seg.page_title])
        return doc, seg

    def _finish(self, batch: list[tuple[Document, Segmentation | None]]) -> Iterator[Document]:
        """Classify every block of the batch in one call, then clean up each page."""
        pages = [seg for _, seg in batch if seg is not None and seg.blocks]
        page_scores = iter(score_pages(self.model, pages))
        for doc, seg in batch:
            if seg is not None and seg.blocks:
                self._clean_up(doc, seg, next(page_scores))
            yield _set_status(doc)

    def _clean_up(self, doc: Document, seg: Segmentation, scores: np.ndarray) -> None:
        """Label a page's blocks from their scores, then the page-wide clean-up steps."""
        options = self.options
        counts = chars.text_counts([b.text for b in seg.blocks])  # for the threshold and the spam steps
        doc.threshold = cleanup.decide_threshold(seg.blocks, scores, options.preset, options.threshold, counts)
        cleanup.label(seg.blocks, scores, doc.threshold)
        doc.title = cleanup.pick_title(seg.blocks, [seg.meta_title, seg.page_title])
        cleanup.drop_duplicates(seg.blocks)
        spam.apply(seg.blocks, seg.link_chars, page_types=seg.schema_types, text_counts=counts)
        cleanup.drop_navigation_only(seg)
        doc.text = "\n".join([b.text for b in seg.blocks if b.label == "body"])  # a list joins faster than a generator


def _set_status(doc: Document) -> Document:
    """The final status of a page whose `_prepare` left it "ok"."""
    if doc.status == "ok":
        if not doc.blocks:
            doc.status = "empty"
        elif not doc.text:
            doc.status = "no_main_content"
        elif doc.truncated:
            doc.status = "truncated"
    return doc


def _check_options(options: Options) -> None:
    """Refuse option values of the wrong type early, with the option's name."""
    for name, kinds in (("max_bytes", int), ("max_blocks", int), ("trust_model", bool)):
        value = getattr(options, name)
        if not isinstance(value, kinds) or (kinds is int and isinstance(value, bool)):
            raise TypeError(f"Options.{name} must be {kinds.__name__}, not {type(value).__name__}")
    if options.threshold is not None and not isinstance(options.threshold, (int, float)):
        raise TypeError(f"Options.threshold must be a float or None, not {type(options.threshold).__name__}")
    if options.model is not None and not isinstance(options.model, (str, Path)):
        raise TypeError(f"Options.model must be a path or None, not {type(options.model).__name__}")
    if options.preset not in ("balanced", "precision", "recall"):
        raise ValueError(f"Options.preset must be 'balanced', 'precision' or 'recall', not {options.preset!r}")
    if options.max_bytes < 1 or options.max_blocks < 1:
        raise ValueError("Options.max_bytes and Options.max_blocks must be at least 1")
    if options.model:
        _check_trusted(options)


def _check_trusted(options: Options) -> None:
    if not options.trust_model:
        raise ModelError(
            f"refusing to load model {options.model}: a model from a path decides what text is kept, so it is "
            "used only on explicit opt-in. If you trust this file, pass trust_model=True "
            "(Cleaner(model=path, trust_model=True), or Options(model=path, trust_model=True))"
        )


def score_pages(model: Model, pages: list[Segmentation], features: list[np.ndarray] | None = None) -> list[np.ndarray]:
    """Body probability of every block of every page, each model stage in one call; a later
    stage rescores only the blocks the first has not settled as junk (`Model.settled_junk`)."""
    if not pages:
        return []
    matrices = features if features is not None else [featurize(seg) for seg in pages]
    bounds = list(accumulate(map(len, matrices), initial=0))  # plain ints: cheaper to slice with than numpy's
    X = matrices[0] if len(matrices) == 1 else np.vstack(matrices)  # read only: no copy of a lone page's
    scores = model.stages[0].predict_proba(X)
    doubtful = scores >= model.settled_junk
    if len(model.stages) > 1:
        X = X[doubtful]  # the only rows later stages read: fewer to copy as their columns are added
    for stage in model.stages[1:]:
        # Each stage reads the previous one's columns and a score context, stacked once for the batch.
        context = [score_context(seg, scores[a:b]) for seg, a, b in zip(pages, bounds, bounds[1:])]
        stacked = context[0] if len(context) == 1 else np.vstack(context)  # no copy of a lone page's
        X = np.concatenate((X, stacked[doubtful]), axis=1)
        scores[doubtful] = stage.predict_proba(X)
    return [scores[a:b] for a, b in zip(bounds, bounds[1:])]


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The shared default instance behind the module-level functions."""
    return Cleaner()
