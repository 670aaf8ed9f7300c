"""Training the text-mode model: trainable pages flattened to text, labels aligned from gold.

`python -m cleaner.train.text --data ../shared/datasets` flattens every trainable page
(wcxb/train, readability/train and the project's own pages; never a dev split) two
ways, so the model sees both layouts that flattened text comes in:

* ``blocks``: cleaner's own HTML blocks joined with "\\n" (one block per line, as in
  WET files and most scraped text dumps);
* ``html-text``: ``html_text.extract_text(html, guess_layout=True)`` (blank lines between
  paragraphs, single newlines between list items and lines), when html-text is installed.

Each flattened text is segmented by `cleaner.text.segment_text`, its blocks are labelled
by `cleaner.train.align.align` against the gold text, and the headline block by its
likeness to the gold title. Stage 1 and stage 2 (stage 1's out-of-fold scores around
each block) are fitted as for HTML (`cleaner.train.fit._fit`: weighted resampling, no
sample_weight), plus a third ensemble that scores blocks as the headline. Exported as
plain arrays with `cleaner.train.fit.export` into a `cleaner.model.Model`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import sklearn
from sklearn.model_selection import GroupKFold

from cleaner import __version__
from cleaner import text as textmode
from cleaner.model import Model, load
from cleaner.segment import parse, segment
from cleaner.train import fit as htmlfit
from cleaner.train.align import align
from cleaner.train.datasets import TRAINABLE, iter_split
from cleaner.train.scoring import mean_score, score, tokens

REPO = Path(__file__).resolve().parents[2]
SEED = 20261130
PARAMS = {**htmlfit.PARAMS, "max_iter": 150}
MAX_ROWS = 250_000  # rows drawn per fit: 120,000 scored the same in cross-validation, 0.005 lower on dev


def flatten_blocks(html: str) -> str:
    """A page as text with cleaner's own blocks one per line."""
    root = parse(html)
    if root is None:
        return ""
    return "\n".join(b.text for b in segment(root).blocks)


def flatten_html_text(html: str) -> str:
    """A page as text the way html-text lays it out (guess_layout: blank lines between paragraphs)."""
    import html_text

    try:
        return html_text.extract_text(html, guess_layout=True)
    except Exception:  # html-text raises on a few broken pages
        return ""


FLATTENERS = {"blocks": flatten_blocks, "html-text": flatten_html_text}


@dataclass
class TextPage:
    id: str
    dataset: str
    group: str
    flattening: str
    seg: textmode.TextSegmentation
    X: np.ndarray
    y: np.ndarray
    is_title: np.ndarray
    block_tokens: np.ndarray
    gold_tokens: int


def title_labels(texts: list[str], title: str | None) -> np.ndarray:
    """The first block that is the gold title (token Jaccard >= 0.8)."""
    out = np.zeros(len(texts), dtype=bool)
    want = set(tokens(title or ""))
    if not want:
        return out
    for i, t in enumerate(texts[:400]):
        have = set(tokens(t))
        if have and len(have & want) / len(have | want) >= 0.8:
            out[i] = True
            break
    return out


def label_text(text: str, gold: str, title: str | None = None) -> tuple[textmode.TextSegmentation, np.ndarray]:
    seg = textmode.segment_text(text)
    return seg, align([b.text for b in seg.blocks], gold)


def label_record(args: tuple[dict, str]) -> TextPage | None:
    record, flattening = args
    if not record.get("text"):
        return None
    text = FLATTENERS[flattening](record["html"])
    seg, y = label_text(text, record["text"])
    if not seg.blocks:
        return None
    texts = [b.text for b in seg.blocks]
    return TextPage(
        id=record["id"],
        dataset=record["dataset"],
        group=record.get("site") or record["id"],
        flattening=flattening,
        seg=seg,
        X=textmode.featurize(seg),
        y=y,
        is_title=title_labels(texts, record.get("title")),
        block_tokens=np.array([len(tokens(t)) for t in texts], dtype=np.float64),
        gold_tokens=len(tokens(record["text"])),
    )


def _fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows = np.random.default_rng(seed).choice(len(y), size=min(len(y), MAX_ROWS), p=w / w.sum())
    return HistGradientBoostingClassifier(**PARAMS, random_state=seed).fit(X[rows], y[rows])


def fit_text(pages: list[TextPage], seed: int = SEED, provenance: dict | None = None) -> tuple[Model, np.ndarray]:
    """Stage 1, stage 2 and the title ensemble; returns the model and out-of-fold stage-2 scores."""
    X = np.vstack([p.X for p in pages])
    y = np.concatenate([p.y for p in pages])
    t = np.concatenate([p.is_title for p in pages])
    w = htmlfit._weights(pages)
    groups = np.concatenate([[p.group] * len(p.y) for p in pages])
    folds = list(GroupKFold(n_splits=3).split(X, y, groups))
    bounds = np.cumsum([0] + [len(p.y) for p in pages])

    def out_of_fold(M: np.ndarray) -> np.ndarray:
        scores = np.zeros(len(y))
        for train, test in folds:
            scores[test] = _fit(M[train], y[train], w[train], seed).predict_proba(M[test])[:, 1]
        return scores

    s1 = out_of_fold(X)
    X2 = np.vstack(
        [np.hstack([p.X, textmode.score_context(p.seg, s1[a:b])]) for p, a, b in zip(pages, bounds, bounds[1:])]
    )
    honest = out_of_fold(X2)
    # The headline model: early blocks only, title rows weighed up (a page has one).
    early = np.concatenate([np.arange(len(p.y)) < 60 for p in pages])
    tw = np.where(t, 20.0, 1.0) * early
    meta = {
        "mode": "text",
        "feature_names": textmode.feature_names(),
        "context_names": textmode.score_context_names(),
        "body_stages": 2,
        "cleaner": __version__,
        "cv_page_f1": round(htmlfit.page_f1(pages, honest), 4),
        "trained_with": {
            "scikit-learn": sklearn.__version__,
            "seed": seed,
            "params": PARAMS,
            "date": time.strftime("%Y-%m-%d"),
            **(provenance or {}),
        },
    }
    stages = (
        htmlfit.export(_fit(X, y, w, seed)),
        htmlfit.export(_fit(X2, y, w, seed)),
        htmlfit.export(_fit(X, t, tw, seed)),
    )
    return Model(stages, json.loads(json.dumps(meta))), honest


def training_records(data: Path, own: Path | None, limit: int | None) -> list[dict]:
    """Only what a shipped model may learn from: the TRAINABLE splits and the project's own pages."""
    records = []
    for dataset, split in TRAINABLE:
        records += list(iter_split(data, dataset, split))[:limit]
    if own is not None and (own / "pages").is_dir():
        from cleaner.train.own_data import iter_own_pages

        records += list(iter_own_pages(own))
    return records


def evaluate(model_path: Path, data: Path, datasets: list[str], limit: int | None, flattening: str) -> None:
    cleaner = textmode.TextCleaner(model=model_path, trust_model=True)
    for dataset in datasets:
        records = list(iter_split(data, dataset, "dev"))[:limit]
        scores = [score(cleaner.clean_text(FLATTENERS[flattening](r["html"])).text, r["text"]) for r in records]
        total = mean_score(scores)
        print(f"  {dataset:12s} dev ({flattening}) F1 {total.f1:.3f} P {total.precision:.3f} R {total.recall:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cleaner.train.text", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the shared datasets folder")
    parser.add_argument("--out", type=Path, default=REPO / "cleaner" / "models" / "text.npz")
    parser.add_argument("--own", type=Path, default=REPO / "training_data")
    parser.add_argument("--no-own", action="store_true")
    parser.add_argument("--flatten", default="blocks,html-text", help="flattenings to train on, comma-separated")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--limit", type=int, help="pages per split (quick runs)")
    parser.add_argument("--eval", default="", help="dev splits to score after training, e.g. wcxb,readability")
    args = parser.parse_args(argv)

    started = time.time()
    records = training_records(args.data, None if args.no_own else args.own, args.limit)
    work = [(r, f) for f in args.flatten.split(",") for r in records]
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            pages = pool.map(label_record, work, chunksize=8)
    else:
        pages = [label_record(w) for w in work]
    pages = [p for p in pages if p is not None]
    counts: dict[str, int] = defaultdict(int)
    for p in pages:
        counts[f"{p.dataset}/{p.flattening}"] += 1
    print(f"labelled {len(pages)} texts, {sum(len(p.y) for p in pages)} blocks in {time.time() - started:.0f}s")
    model, _ = fit_text(pages, seed=args.seed, provenance={"pages": dict(counts)})
    print(f"cross-validated page F1 {model.meta['cv_page_f1']:.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    digest = model.save(args.out)
    args.out.with_suffix(".sha256").write_text(f"{digest}  {args.out.name}\n")
    load(args.out, digest)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.time() - started:.0f}s")
    if args.eval:
        evaluate(args.out, args.data, args.eval.split(","), args.limit, args.flatten.split(",")[0])


if __name__ == "__main__":
    main()
