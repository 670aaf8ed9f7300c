"""Where cleaner's time goes, per pipeline step, and what it costs in memory.

`python -m benchmarks.speed --data ../shared/datasets` times parse, segment, features and
model on a fixed sample of dev pages on one core, single calls against `clean_many`
batches, the model's load time and size, and the peak RSS of cleaning the largest dev
page (in a fresh process); writes the `speed` section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.results import compiled_steps, write_section
from cleaner import Cleaner
from cleaner.pipeline import BATCH_SIZE
from cleaner.train.datasets import DEV_DATASETS, iter_split

_PEAK_RSS = """
import resource, sys, cleaner
html = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
cleaner.clean_html(html)
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def sample(data: Path, per_dataset: int) -> tuple[list[str], str]:
    """A deterministic sample of dev pages (by hashed id), and the largest dev page."""
    pages, largest = [], ""
    for dataset in DEV_DATASETS:
        records = list(iter_split(data, dataset, "dev"))
        records.sort(key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
        pages += [r["html"] for r in records[:per_dataset]]
        largest = max([largest] + [r["html"] for r in records], key=len)
    return pages, largest


def per_step(pages: list[str]) -> dict[str, list[float]]:
    from cleaner.features import featurize
    from cleaner.model import load_default
    from cleaner.pipeline import score_pages
    from cleaner.segment import parse, segment

    model = load_default()
    times: dict[str, list[float]] = {"parse": [], "segment": [], "features": [], "model": []}
    for html in pages:
        t0 = time.perf_counter()
        root = parse(html)
        t1 = time.perf_counter()
        seg = segment(root)
        t2 = time.perf_counter()
        X = featurize(seg)
        t3 = time.perf_counter()
        score_pages(model, [seg], [X])
        t4 = time.perf_counter()
        for step, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            times[step].append(seconds * 1000)
    return times


def rates(c: Cleaner, pages: list[str]) -> tuple[float, float]:
    """Pages/s of `clean_html` one page at a time, and of `clean_many` in its default batches."""
    t = time.perf_counter()
    for html in pages:
        c.clean_html(html)
    single = len(pages) / (time.perf_counter() - t)
    t = time.perf_counter()
    for _ in c.clean_many(pages):
        pass
    return single, len(pages) / (time.perf_counter() - t)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--per-dataset", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes; each figure is the median")
    args = parser.parse_args(argv)

    import cleaner
    from cleaner.model import DEFAULT_MODEL, load

    pages, largest = sample(args.data, args.per_dataset)
    t = time.perf_counter()
    load(DEFAULT_MODEL)
    load_ms = (time.perf_counter() - t) * 1000
    c = cleaner.Cleaner()
    c.clean_html(pages[0])  # warm-up: model loaded, caches filled
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})
    try:  # rounds alternate the passes, so a slow spell of the shared machine hits all of them
        rounds = [(per_step(pages), *rates(c, pages)) for _ in range(args.rounds)]
    finally:
        os.sched_setaffinity(0, affinity)
    steps = {
        step: [statistics.median(r[0][step][i] for r in rounds) for i in range(len(pages))] for step in rounds[0][0]
    }
    single, batched = (statistics.median(r[k] for r in rounds) for k in (1, 2))
    rss = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS], input=largest.encode(), capture_output=True, check=True
    ).stdout.split()
    before, after = (int(x) / 1024 for x in rss)

    total = sum(statistics.mean(v) for v in steps.values())
    lines = [
        "## Speed: where the time goes (one core)",
        "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; command: `python -m benchmarks.speed "
        f"--data ../shared/datasets --per-dataset {args.per_dataset}`; {len(pages)} dev pages "
        f"({args.per_dataset} per dataset, chosen by hashed id), one core, each figure the median of "
        f"{args.rounds} rounds. Compare rows with each other rather than with other runs: the machine is shared.",
        "",
        "| step | mean ms/page | median ms/page | share |",
        "|---|---:|---:|---:|",
    ]
    for step, values in steps.items():
        mean = statistics.mean(values)
        lines.append(f"| {step} | {mean:.1f} | {statistics.median(values):.1f} | {mean / total:.0%} |")
    lines += [
        f"| **total** | {total:.1f} | | |",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| `clean_html` one page at a time | {single:.1f} pages/s |",
        f"| `clean_many`, batches of {BATCH_SIZE} | {batched:.1f} pages/s |",
        f"| model load (read, verify, unpack) | {load_ms:.1f} ms |",
        f"| model file size | {DEFAULT_MODEL.stat().st_size / 1e6:.2f} MB |",
        f"| compiled steps | {compiled_steps()} |",
        f"| largest dev page | {len(largest.encode()) / 1e6:.1f} MB |",
        f"| peak RSS cleaning it (new process) | {after:.0f} MiB ({after - before:+.0f} MiB over the bare library) |",
    ]
    write_section("speed", "\n".join(lines))
    print("\n".join(lines))
    print(json.dumps({"single": single, "batched": batched}))


if __name__ == "__main__":
    main()
