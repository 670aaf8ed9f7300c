"""`python -m cleaner.train.experiment`: judge a change by the full pipeline's out-of-fold F1 over several seeds.

The seed of a retrain's row draw moves page F1 more than most changes do (RESULTS.md, sessions 8
to 10), so one run, and one dev benchmark, cannot tell a change from luck. This scores the training
pages out of fold (folds grouped by site, as training does), through every clean-up step the
pipeline runs, once per seed; `--compare` pairs a run with an earlier one seed by seed. No dev or
evaluation page is read.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import defaultdict
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from cleaner.document import Document
from cleaner.pipeline import Cleaner
from cleaner.train.cli import REPO, training_records
from cleaner.train.fit import SEED, LabelledPage, cross_validate, label_pages
from cleaner.train.scoring import Score, mean_score, score

#: Pages made by the project (`own_data.augment`) are left out of the figures: they are easy, and
#: a change to the augmenter would change what is measured.
SYNTHETIC = frozenset({"augmented"})
_shared: tuple[list[LabelledPage], dict[str, str]] = ([], {})  # pages and gold, for forked workers without pickling


def page_scores(pages: list[LabelledPage], honest: np.ndarray, gold: dict[str, str]) -> dict[str, Score]:
    """Each page's token score when the pipeline's clean-up runs on its out-of-fold block scores."""
    cleaner, out, start = Cleaner(), {}, 0
    for page in pages:
        doc = Document(text="", title=None, blocks=page.seg.blocks)
        cleaner._clean_up(doc, page.seg, honest[start : start + len(page.y)])
        start += len(page.y)
        out[page.id] = score(doc.text, gold[page.id])
    return out


def groups(pages: list[LabelledPage], scores: dict[str, Score]) -> dict[str, Score]:
    """Mean scores of the real training pages: all of them, per dataset, and per dataset and page type."""
    members = defaultdict(list)
    for page in pages:
        if page.dataset in SYNTHETIC:
            continue
        for name in ("all real", page.dataset, f"{page.dataset}:{page.page_type}" if page.page_type else None):
            if name:
                members[name].append(scores[page.id])
    return {name: mean_score(members[name]) for name in sorted(members, key=lambda n: (n != "all real", n))}


def _run_seed(job: tuple[int, int, int]) -> dict:
    seed, redraw, threads = job
    pages, gold = _shared
    started = time.time()
    with threadpool_limits(limits=threads):  # side-by-side workers must not each take every core
        honest = cross_validate(pages, seed + redraw)
    per_page = page_scores(pages, honest, gold)
    summary = groups(pages, per_page)
    return {
        "seed": seed,
        "seconds": round(time.time() - started),
        "groups": {name: [s.f1, s.precision, s.recall] for name, s in summary.items()},
        "pages": {page_id: s.f1 for page_id, s in per_page.items()},
    }


def run(pages: list[LabelledPage], gold: dict[str, str], seeds: list[int], jobs: int, redraw: int = 0) -> list[dict]:
    """One result per seed; seeds run in parallel in forked workers that share `pages` and `gold`
    (one after the other where the platform cannot fork).

    `redraw` trains with seed + redraw but reports under seed: the same training on other row draws
    and trees, whose paired difference with a run of it shows how far a change that does nothing
    moves the figures (the noise floor a change must clear).
    """
    global _shared
    _shared = pages, gold
    workers = min(len(seeds), max(jobs, 1)) if "fork" in get_all_start_methods() else 1
    work = [(seed, redraw, max((os.cpu_count() or 1) // workers, 1)) for seed in seeds]
    if workers > 1:
        with get_context("fork").Pool(workers) as pool:
            return pool.map(_run_seed, work, chunksize=1)
    return [_run_seed(job) for job in work]


def _sd(row: list[float]) -> float:
    return statistics.stdev(row) if len(row) > 1 else 0.0


def _se(row: list[float]) -> float:
    """The standard error of the mean of paired differences (undefined for one)."""
    return statistics.stdev(row) / len(row) ** 0.5 if len(row) > 1 else float("nan")


def _table(results: list[dict], values, spread, label: str, signed: bool = False) -> list[str]:
    """A Markdown table: a row per group of `values(result, group)` for each seed, their mean and
    their `spread` (headed `label`)."""
    sign = "+" if signed else ""
    lines = ["| group | " + " | ".join(f"seed {r['seed']}" for r in results) + f" | mean | {label} |"]
    lines.append("|---" * (len(results) + 3) + "|")
    for name in results[0]["groups"]:
        row = [values(r, name) for r in results]
        cells = " | ".join(f"{v:{sign}.4f}" for v in row)
        lines.append(f"| {name} | {cells} | {statistics.fmean(row):{sign}.4f} | {spread(row):.4f} |")
    return lines


def report(results: list[dict], baseline: list[dict] | None = None) -> str:
    """F1 per group and seed with the mean and spread; with `baseline`, the paired differences."""
    lines = _table(results, lambda r, name: r["groups"][name][0], _sd, "sd")
    if baseline:
        before = {r["seed"]: r for r in baseline}
        paired = [r for r in results if r["seed"] in before]
        if not paired:
            raise SystemExit("--compare: the two runs share no seed")
        lines += ["", "Paired with the baseline (this run minus it, seed by seed):", ""]

        def difference(result: dict, name: str) -> float:
            return result["groups"][name][0] - before[result["seed"]]["groups"].get(name, [np.nan])[0]

        lines += _table(paired, difference, _se, "se", signed=True)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cleaner.train.experiment", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the shared datasets folder")
    parser.add_argument("--seeds", default=f"{SEED},7,11,23", help="comma-separated seeds of the row draw")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="seeds run side by side")
    parser.add_argument("--out", type=Path, help="write the results as JSON (for a later --compare)")
    parser.add_argument("--compare", type=Path, help="an earlier --out file to pair this run with")
    parser.add_argument(
        "--redraw",
        type=int,
        default=0,
        help="train with each seed + REDRAW, reported under the seed: with --compare, the noise floor",
    )
    args = parser.parse_args(argv)

    started = time.time()
    # The augmentation stays the shipped one (SEED); only the row draw's seed varies.
    records = training_records(args.data, REPO / "training_data", 1, SEED, None)
    gold = {r["id"]: r["text"] for r in records}
    pages = label_pages(records, jobs=args.jobs)
    print(f"labelled {len(pages)} pages in {time.time() - started:.0f}s", flush=True)
    results = run(pages, gold, [int(s) for s in args.seeds.split(",")], args.jobs, args.redraw)
    if args.out:
        args.out.write_text(json.dumps(results))
    baseline = json.loads(args.compare.read_text()) if args.compare else None
    print(report(results, baseline))
    print(f"\n{time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
