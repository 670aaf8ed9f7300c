"""Benchmark cleaner against its peers on every dev split, scored the project's one way.

Run from the repo root: `python -m benchmarks.run --data ../shared/datasets`.
Quality: token F1 per page, macro-averaged (cleaner.train.scoring). Peer outputs are cached
per (system, page id, peer version) so re-runs only recompute cleaner. Speed is always timed
fresh, sequentially on one core, on the same fixed sample of pages for every system.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import platform
import shlex
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from multiprocessing import Pool
from multiprocessing.pool import Pool as PoolType
from pathlib import Path

import lxml.html

from benchmarks.peers import PEERS
from benchmarks.results import RESULTS, compiled_steps, markdown_table, write_section
from cleaner.pipeline import BATCH_SIZE
from cleaner.train.datasets import DEV_DATASETS, TRAINABLE, UNSEEN, iter_split
from cleaner.train.scoring import Score, mean_score, paired_interval, score

HERE = Path(__file__).parent
CACHE_DIR = HERE / ".cache"

CLEANER = "cleaner"
ORACLE = "block-oracle"
PARSE = "lxml parse only"
#: Whole passes through `clean_many`, one page per call and in its default batches: the batch
#: API against single calls like for like (the per-page medians above drop the slow pages).
PASSES = {"cleaner, whole passes, one page per call": 1, f"cleaner, whole passes, batches of {BATCH_SIZE}": BATCH_SIZE}
ALL_SYSTEMS = (CLEANER, ORACLE, *PEERS)
#: The bar cleaner has to clear on every dataset and every WCXB page type.
BAR = "trafilatura"
CHUNK = 4
SPEED_ROUNDS = 3  # timed passes over the speed sample; each page counts with its median

#: (text, error message or None): what one system produced for one page.
Output = tuple[str, "str | None"]


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None
    html: str
    gold: str
    page_type: str | None
    title: str | None = None  # the gold headline, where the dataset gives one (benchmarks.titles)


def load_pages(root: Path, dataset: str, limit: int | None) -> list[Page]:
    """The dev pages of one dataset in file order; `limit` keeps the first N for quick runs."""
    pages = []
    for rec in iter_split(root, dataset, "dev"):
        if limit is not None and len(pages) >= limit:
            break
        pages.append(Page(rec["id"], rec["url"], rec["html"], rec["text"], rec["page_type"], rec.get("title")))
    return pages


def quiet() -> None:
    """Peers log a warning for every odd page; thousands of them would bury the progress lines."""
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


def _cleaner() -> Callable[[str, str | None], str] | None:
    """cleaner's public API, or None while it is still being written (then only peers run)."""
    try:
        from cleaner import clean_html
    except Exception as exc:  # any import failure of the work-in-progress core must not stop peers
        print(f"warning: cleaner unavailable, skipping its column ({exc!r})", file=sys.stderr)
        return None
    return lambda html, url: clean_html(html, url=url).text


def _oracle() -> Callable[[str, str], str] | None:
    """The block oracle (the gold's blocks, as cleaner's segmenter cuts them), if it exists yet."""
    try:
        from cleaner.train.align import block_oracle
    except Exception as exc:  # as for _cleaner: a missing or broken module only drops the column
        print(f"warning: block oracle unavailable, skipping it ({exc!r})", file=sys.stderr)
        return None
    return block_oracle


@cache
def runner(system: str) -> Callable[[Page], str]:
    """One page -> text for any system, resolved by name so worker processes can rebuild it."""
    if system == CLEANER:
        clean = _cleaner()
        assert clean is not None
        return lambda p: clean(p.html, p.url)
    if system == ORACLE:
        oracle = _oracle()
        assert oracle is not None
        return lambda p: oracle(p.html, p.gold)
    if system == PARSE:
        return lambda p: lxml.html.document_fromstring(p.html).tag
    extract = PEERS[system].extract
    return lambda p: extract(p.html, p.url)


def run_one(system: str, page: Page) -> Output:
    """A system's failure on one page is an empty output and an error, never a crashed run."""
    try:
        return runner(system)(page), None
    except Exception as exc:  # peers raise all kinds of exceptions on odd pages
        return "", f"{type(exc).__name__}: {exc}"[:300]


def _work(task: tuple[Page, tuple[str, ...]]) -> tuple[str, dict[str, Output]]:
    page, systems = task
    return page.id, {s: run_one(s, page) for s in systems}


def _cache_path(system: str, dataset: str) -> Path:
    return CACHE_DIR / system / PEERS[system].cache_key() / f"{dataset}.json.gz"


def load_cache(path: Path) -> dict[str, Output]:
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {k: (v[0], v[1]) for k, v in json.load(fh).items()}


def save_cache(path: Path, outputs: dict[str, Output]) -> None:
    """Written to a temporary file first, so an interrupted run never leaves a truncated cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump(outputs, fh, ensure_ascii=False)
    os.replace(tmp, path)


@dataclass
class DatasetResult:
    """Per-page scores of every system on one dataset; page_types align with each score list."""

    name: str
    page_types: list[str | None]
    scores: dict[str, list[Score]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)


def quality(dataset: str, pages: list[Page], systems: list[str], pool: PoolType | None) -> DatasetResult:
    """Score every system on every page; peers come from the cache where they can."""
    outputs: dict[str, dict[str, Output]] = {}
    for s in systems:
        outputs[s] = load_cache(_cache_path(s, dataset)) if s in PEERS else {}
    tasks = [(p, tuple(s for s in systems if p.id not in outputs[s])) for p in pages]
    tasks = [t for t in tasks if t[1]]
    todo = sum(len(t[1]) for t in tasks)
    print(f"{dataset}: {len(pages)} pages, {todo} outputs to compute", file=sys.stderr)
    start = time.perf_counter()
    results: Iterable[tuple[str, dict[str, Output]]] = (
        pool.imap_unordered(_work, tasks, chunksize=CHUNK) if pool else map(_work, tasks)
    )
    for page_id, outs in results:
        for s, out in outs.items():
            outputs[s][page_id] = out
    if tasks:
        print(f"{dataset}: computed in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        for s in systems:
            if s in PEERS and any(s in t[1] for t in tasks):
                save_cache(_cache_path(s, dataset), outputs[s])

    result = DatasetResult(dataset, [p.page_type for p in pages])
    for s in systems:
        outs = [outputs[s][p.id] for p in pages]
        result.scores[s] = [score(text, p.gold) for (text, _), p in zip(outs, pages, strict=True)]
        failed = [err for _, err in outs if err]
        result.errors[s] = len(failed)
        if failed:
            print(f"{dataset}: {s} failed on {len(failed)} pages, e.g. {failed[0]}", file=sys.stderr)
    return result


def speed_sample(pages: list[Page], k: int) -> list[Page]:
    """A fixed pseudo-random k pages: the same for every system and every run on the same data."""
    return sorted(pages, key=lambda p: hashlib.sha256(p.id.encode()).hexdigest())[:k]


def speed(systems: list[str], sample: list[Page], rounds: int = SPEED_ROUNDS) -> dict[str, list[float]]:
    """Seconds per page for each system, pinned to one core: each page's median over `rounds`.

    Systems take turns page by page, and the batch API a whole pass per round, so a slow spell
    of the (shared) machine falls on every system alike instead of on whichever ran through it.
    """
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})
    try:
        systems = [PARSE, *systems]
        for s in systems:
            run_one(s, sample[0])  # warm-up: imports and model loading are not per-page costs
        seconds: dict[str, list[list[float]]] = {s: [[] for _ in sample] for s in systems}
        passes: dict[str, list[float]] = {name: [] for name in PASSES}
        for round_ in range(rounds):
            for page, per_system in zip(sample, zip(*seconds.values())):
                for s, page_seconds in zip(systems, per_system):
                    start = time.perf_counter()
                    run_one(s, page)
                    page_seconds.append(time.perf_counter() - start)
            if CLEANER in systems:
                for name in list(PASSES)[:: 1 if round_ % 2 else -1]:  # alternate which goes first
                    passes[name].append(_pass_seconds(sample, PASSES[name]))
        times = {s: [statistics.median(t) for t in per_page] for s, per_page in seconds.items()}
        times.update({name: [statistics.median(t)] * len(sample) for name, t in passes.items() if t})
        for s, t in times.items():
            print(f"speed: {s} {len(sample) / sum(t):.1f} pages/s", file=sys.stderr)
        return times
    finally:
        os.sched_setaffinity(0, affinity)


def _pass_seconds(sample: list[Page], batch_size: int) -> float:
    """Seconds per page of one whole pass over the sample through `Cleaner.clean_many`."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    list(cleaner.clean_many([(sample[0].html, sample[0].url)]))  # warm-up, as for the other systems
    start = time.perf_counter()
    for _ in cleaner.clean_many(((page.html, page.url) for page in sample), batch_size=batch_size):
        pass
    return (time.perf_counter() - start) / len(sample)


def _f(x: float) -> str:
    return f"{x:.3f}"


def _seen(dataset: str) -> str:
    if dataset in UNSEEN:
        return "never seen"
    return "trained on " + ", ".join(f"{d} {s}" for d, s in TRAINABLE if d == dataset)


def _by_type(result: DatasetResult, system: str) -> dict[str, list[Score]]:
    """A system's page scores grouped by page type."""
    groups: dict[str, list[Score]] = {}
    for t, sc in zip(result.page_types, result.scores[system], strict=True):
        groups.setdefault(t or "unknown", []).append(sc)
    return groups


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _header(systems: list[str], command: str, wall: float) -> list[str]:
    versions = ", ".join(f"{s} {PEERS[s].version()}" for s in systems if s in PEERS)
    return [
        "## Core benchmark: main-content quality and speed",
        "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC ({wall:.0f} s wall for the whole run)",
        f"- Command: `{command}`",
        f"- Machine: {os.cpu_count()} cores ({_cpu()}), Python {platform.python_version()}",
        f"- Compiled steps: {compiled_steps()}",
        f"- Peer versions: {versions or 'none'}",
        "- Quality: token F1 / precision / recall per page, macro-averaged over the dev pages"
        ' (../shared/datasets/README.md, "Scoring"); see benchmarks/README.md for the columns.',
        "",
    ]


def _summary(results: list[DatasetResult], cols: list[str]) -> str:
    """Datasets as rows, systems as columns, with means over the unseen and over all datasets."""
    rows = [[r.name, _seen(r.name), *(_f(mean_score(r.scores[s]).f1) for s in cols)] for r in results]
    for label, names in (("mean, never seen", UNSEEN), ("mean, all", DEV_DATASETS)):
        chosen = [r for r in results if r.name in names]
        if chosen:
            means = [sum(mean_score(r.scores[s]).f1 for r in chosen) / len(chosen) for s in cols]
            rows.append([f"**{label}** ({len(chosen)} datasets)", "", *map(_f, means)])
    return markdown_table(["dataset", "shipped model", *cols], rows, text_cols=2)


def _bars(results: list[DatasetResult]) -> list[str]:
    """PASS/FAIL of cleaner against the bar, per dataset and per WCXB page type."""

    def line(label: str, ours: list[Score], bar: list[Score]) -> str:
        ours_f1, bar_f1 = mean_score(ours).f1, mean_score(bar).f1
        verdict = "PASS" if ours_f1 >= bar_f1 else "FAIL"
        difference, low, high = paired_interval(ours, bar)
        chance = f"difference {difference:+.3f}, 95% interval {low:+.3f} to {high:+.3f}"
        return f"- {label}: {CLEANER} {_f(ours_f1)} vs {BAR} {_f(bar_f1)}: **{verdict}** ({chance})"

    lines = []
    for r in results:
        lines.append(line(r.name, r.scores[CLEANER], r.scores[BAR]))
        if r.name == "wcxb":
            ours, bar = _by_type(r, CLEANER), _by_type(r, BAR)
            lines += [line(f"wcxb {t}", ours[t], bar[t]) for t in sorted(ours)]
    return lines


def _dataset_tables(r: DatasetResult, cols: list[str]) -> list[str]:
    rows = []
    for s in cols:
        m = mean_score(r.scores[s])
        rows.append([s, _f(m.f1), _f(m.precision), _f(m.recall), str(r.errors[s])])
    out = [
        f"### {r.name} (dev, {len(r.page_types)} pages; {_seen(r.name)})",
        "",
        markdown_table(["system", "F1", "P", "R", "errors"], rows),
        "",
    ]
    if r.name == "wcxb":
        by_type = {s: _by_type(r, s) for s in cols}
        counts = Counter(t or "unknown" for t in r.page_types)
        type_rows = [[t, str(n), *(_f(mean_score(by_type[s][t]).f1) for s in cols)] for t, n in counts.most_common()]
        out += [
            "#### wcxb F1 per page type",
            "",
            markdown_table(["page type", "pages", *cols], type_rows),
            "",
        ]
    return out


def _speed_table(times: dict[str, list[float]]) -> str:
    total = {s: sum(v) for s, v in times.items()}
    n = len(times[PARSE])
    rows = [
        [
            s,
            f"{n / total[s]:.1f}",
            "" if s in PASSES else f"{statistics.median(v) * 1000:.1f}",  # a pass has no per-page times
            f"{total[s] / total[PARSE]:.1f}",
            f"{total[s] / total[BAR]:.2f}" if BAR in total else "",
        ]
        for s, v in times.items()
    ]
    header = ["system", "pages/s", "ms/page (median)", "time / lxml parse", f"time / {BAR}"]
    return markdown_table(header, rows)


def render(
    results: list[DatasetResult],
    systems: list[str],
    times: dict[str, list[float]],
    command: str,
    wall: float,
) -> tuple[str, str]:
    """The RESULTS.md section and the compact stdout summary."""
    cols = [s for s in systems if s != ORACLE] + [s for s in systems if s == ORACLE]
    summary = _summary(results, cols)
    out = [*_header(systems, command, wall), "### Summary (F1)", "", summary, ""]
    bars = _bars(results) if CLEANER in systems and BAR in systems else []
    if bars:
        out += [f"### Bar: {CLEANER} F1 >= {BAR} F1", "", *bars, ""]
    for r in results:
        out += _dataset_tables(r, cols)
    speed_md = _speed_table(times) if times else ""
    if speed_md:
        n = len(times[PARSE])
        out += [
            f"### Speed ({n} dev pages, one core, median of {SPEED_ROUNDS} interleaved rounds)",
            "",
            speed_md,
        ]
    stdout = "\n\n".join(x for x in (summary, "\n".join(bars), speed_md) if x)
    return "\n".join(out).rstrip() + "\n", stdout


def _names(value: str, allowed: Iterable[str]) -> list[str]:
    names, allowed = [v.strip() for v in value.split(",") if v.strip()], list(allowed)
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown {unknown}; choose from {','.join(allowed)}")
    return names


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    ap.add_argument("--data", type=Path, required=True, help="the shared datasets folder")
    ap.add_argument(
        "--datasets",
        type=lambda v: _names(v, DEV_DATASETS),
        default=list(DEV_DATASETS),
        help="comma-separated dev datasets (default: all 7)",
    )
    ap.add_argument("--limit", type=int, help="only the first N pages of each dataset")
    ap.add_argument(
        "--systems",
        type=lambda v: _names(v, ALL_SYSTEMS),
        default=list(ALL_SYSTEMS),
        help=f"comma-separated systems (default: all: {','.join(ALL_SYSTEMS)})",
    )
    ap.add_argument("--jobs", type=int, default=2, help="processes for quality (default 2)")
    ap.add_argument(
        "--speed-sample",
        type=int,
        default=30,
        help="pages per dataset timed for speed (default 30; 0 skips the speed table)",
    )
    return ap.parse_args(argv)


def available(systems: list[str]) -> list[str]:
    """Drop cleaner and the oracle while they do not exist yet, with a warning (see _cleaner)."""
    keep = []
    for s in systems:
        if (s == CLEANER and _cleaner() is None) or (s == ORACLE and _oracle() is None):
            continue
        keep.append(s)
    return keep


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    quiet()
    systems = available(args.systems)
    command = "python -m benchmarks.run " + shlex.join(argv)
    start = time.perf_counter()
    results, sample = [], []
    with Pool(args.jobs, initializer=quiet) if args.jobs > 1 else nullcontext() as pool:
        for dataset in args.datasets:
            pages = load_pages(args.data, dataset, args.limit)
            results.append(quality(dataset, pages, systems, pool))
            sample += speed_sample(pages, args.speed_sample)
    timed = [s for s in systems if s != ORACLE]
    times = speed(timed, sample) if sample and timed else {}
    section, summary = render(results, systems, times, command, time.perf_counter() - start)
    write_section("core", section)
    print(summary)
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
