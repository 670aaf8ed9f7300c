"""The training command: label pages, fit, export, report dev scores."""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from pathlib import Path

from cleaner.model import load
from cleaner.pipeline import Cleaner, Options
from cleaner.train.datasets import TRAINABLE, iter_split
from cleaner.train.fit import SEED, fit, label_pages
from cleaner.train.scoring import mean_score, score

REPO = Path(__file__).resolve().parents[2]


def training_records(data: Path, own: Path | None, augment_per_record: int, seed: int, limit: int | None) -> list[dict]:
    """The only material a shipped model may learn from: the TRAINABLE splits and our own pages."""
    records = []
    for dataset, split in TRAINABLE:
        records += list(iter_split(data, dataset, split))[:limit]
    if own is not None and (own / "pages").is_dir():
        from cleaner.train.own_data import augment, iter_empty_pages, iter_own_pages

        records += list(iter_own_pages(own)) + list(iter_empty_pages(own))
        if augment_per_record:
            real = [
                r
                for r in records
                if r["dataset"] in ("wcxb", "readability") and r.get("page_type") in (None, "article")
            ]
            records += list(augment(real, own / "templates", seed=seed, per_record=augment_per_record))
    return records


def evaluate(model_path: Path | None, data: Path, datasets: list[str], limit: int | None) -> None:
    """Full-pipeline dev scores, as the benchmark computes them."""
    # The file was named on the command line (or just written by training): that is the opt-in.
    cleaner = Cleaner(Options(model=model_path, trust_model=model_path is not None))
    for dataset in datasets:
        records = list(iter_split(data, dataset, "dev"))[:limit]
        docs = cleaner.clean_many((r["html"], r.get("url")) for r in records)
        by_type = defaultdict(list)
        for record, doc in zip(records, docs):
            by_type[record.get("page_type") or "all"].append(score(doc.text, record["text"]))
        every = [s for scores in by_type.values() for s in scores]
        total = mean_score(every)
        line = (
            f"  {dataset:16s} dev F1 {total.f1:.3f} (P {total.precision:.3f} R {total.recall:.3f}, {len(every)} pages)"
        )
        if len(by_type) > 1:
            line += "  " + " ".join(f"{t}={mean_score(s).f1:.3f}" for t, s in sorted(by_type.items()))
        print(line, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cleaner.train", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the shared datasets folder")
    parser.add_argument("--out", type=Path, default=REPO / "cleaner" / "models" / "default.npz")
    parser.add_argument("--own", type=Path, default=REPO / "training_data", help="self-written pages and templates")
    parser.add_argument("--no-own", action="store_true", help="train on the shared datasets only")
    parser.add_argument("--augment", type=int, default=1, help="synthetic pages per real article (0: none)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, help="pages per split (for quick runs)")
    parser.add_argument("--eval", default="wcxb,readability", help="dev splits to score after training ('' for none)")
    args = parser.parse_args(argv)

    started = time.time()
    records = training_records(args.data, None if args.no_own else args.own, args.augment, args.seed, args.limit)
    pages = label_pages(records, jobs=args.jobs)
    print(
        f"labelled {len(pages)} pages, {sum(len(p.y) for p in pages)} blocks in {time.time() - started:.0f}s",
        flush=True,
    )
    counts = defaultdict(int)
    for page in pages:
        counts[page.dataset] += 1
    model, _ = fit(pages, seed=args.seed, provenance={"pages": dict(counts)})
    print(f"cross-validated (folds grouped by site) page F1 {model.meta['cv_page_f1']:.3f}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    digest = model.save(args.out)
    args.out.with_suffix(".sha256").write_text(f"{digest}  {args.out.name}\n")
    load(args.out, digest)  # what was written reads back
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, sha256 {digest[:12]}) in {time.time() - started:.0f}s", flush=True)
    if args.eval:
        evaluate(args.out, args.data, args.eval.split(","), args.limit)
