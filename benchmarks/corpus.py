"""Corpus benchmarks: site templates' quality, `cleaner clean --jobs` throughput, memory, Dask.

    python -m benchmarks.corpus --data ../shared/datasets

Rewrites only the part of benchmarks/RESULTS.md between `<!-- corpus:begin -->` and
`<!-- corpus:end -->` (appended at the end when the markers are missing).

1. `--site-templates`: token F1 (cleaner.train.scoring) of every dev dataset with and
   without the site-template pass (fit on the dataset's own pages, grouped by URL host);
   CleanPortalEval has several pages per site, the others show whether it harms.
2. Throughput: the wcxb dev pages as one JSON Lines file through `cleaner clean` with
   `--jobs 1` and `--jobs 2` (wall time of the whole command, model load included).
3. Memory: peak RSS of the largest process (the CLI or one of its workers; wait4 rusage)
   for 1,000 and 10,000 pages (the dev pages repeated with new ids).
4. Dask: `cleaner.distributed.clean_bag` over the same pages split into files, on a
   LocalCluster of 2 worker processes, against the local pool with `--jobs 2`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.results import write_section
from cleaner.corpus import SiteTemplates, host_of
from cleaner.pipeline import Cleaner
from cleaner.train.scoring import mean_score, score

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ("cleanportaleval", "wcxb", "readability", "dragnet", "cleaneval", "l3s-gn1", "aeb")


def load(data: Path, dataset: str) -> list[dict]:
    with gzip.open(data / dataset / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


# ---------------------------------------------------------------- 1. site templates


def site_templates(data: Path, datasets: list[str]) -> list[str]:
    cleaner = Cleaner()
    lines = [
        "### `--site-templates`: quality with and without",
        "",
        "Token F1 / precision / recall, macro over pages; templates fitted on each dataset's own dev pages,",
        "grouped by URL host (a block is a template on >= max(3, 30 %) of its host's pages; blocks over 400",
        "characters need >= 50 %).",
        "",
        "| dataset | pages | hosts with >= 3 pages | pages on them | F1 without | F1 with | P without | P with "
        "| R without | R with | blocks relabelled |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    per_site: list[str] = []
    for dataset in datasets:
        records = load(data, dataset)
        docs = list(cleaner.clean_many((r["html"], r.get("url")) for r in records))
        before = [score(d.text, r["text"]) for d, r in zip(docs, records)]
        templates = SiteTemplates().fit(docs)
        changed = sum(templates.apply(d) for d in docs)
        after = [score(d.text, r["text"]) for d, r in zip(docs, records)]
        hosts = defaultdict(list)
        for i, r in enumerate(records):
            hosts[host_of(r.get("url"))].append(i)
        big = {h: ix for h, ix in hosts.items() if h and len(ix) >= 3}
        b, a = mean_score(before), mean_score(after)
        lines.append(
            f"| {dataset} | {len(records)} | {len(big)} | {sum(len(ix) for ix in big.values())} | {b.f1:.3f} | "
            f"**{a.f1:.3f}** | {b.precision:.3f} | {a.precision:.3f} | {b.recall:.3f} | {a.recall:.3f} | {changed} |"
        )
        print(lines[-1], flush=True)
        if dataset == "cleanportaleval":
            per_site += [
                "",
                "CleanPortalEval per host:",
                "",
                "| host | pages | F1 without | F1 with |",
                "|---|---:|---:|---:|",
            ]
            for host, ix in sorted(big.items()):
                fb = sum(before[i].f1 for i in ix) / len(ix)
                fa = sum(after[i].f1 for i in ix) / len(ix)
                per_site.append(f"| {host} | {len(ix)} | {fb:.3f} | {fa:.3f} |")
    return lines + per_site


# ---------------------------------------------------------------- 2-4. speed and memory


def write_jsonl(path: Path, records: list[dict], n: int | None = None) -> int:
    n = n or len(records)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = records[i % len(records)]
            rid = r["id"] if i < len(records) else f"{r['id']}#{i // len(records)}"
            fh.write(json.dumps({"id": rid, "url": r.get("url"), "html": r["html"]}, ensure_ascii=False) + "\n")
    return n


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run_cli(args: list[str]) -> tuple[float, int, int, float]:
    """Wall seconds, exit code, peak RSS (KiB) of the largest process, and CPU seconds of one `cleaner` command."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], cwd=ROOT, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"cleaner {' '.join(args)} failed: {err[-2000:]}")
    return seconds, proc.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def throughput(src: Path, n: int, tmp: Path) -> tuple[list[str], dict[int, float]]:
    lines = [
        "### Throughput of `cleaner clean` (local process pool)",
        "",
        f"{n} wcxb dev pages in one JSON Lines file ({src.stat().st_size / 1e6:.0f} MB) to JSON Lines; wall time",
        "of the whole command (start-up and model load included), best of 2; CPU = user + system seconds of the",
        f"command and its workers. Load average before the runs: {_load()}.",
        "",
        "| jobs | seconds | pages/s | speed-up | CPU seconds | pages per CPU second |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    rates = {}
    for jobs in (1, 2):
        runs = [run_cli(["clean", str(src), "-o", str(tmp / "out.jsonl"), "-q", "-j", str(jobs)]) for _ in range(2)]
        best, _, _, cpu = min(runs)
        rates[jobs] = n / best
        lines.append(
            f"| {jobs} | {best:.1f} | {n / best:.1f} | {rates[jobs] / rates[1]:.2f} | {cpu:.1f} | {n / cpu:.1f} |"
        )
        print(lines[-1], flush=True)
    return lines, rates


def memory(records: list[dict], sizes: list[int], tmp: Path) -> list[str]:
    lines = [
        "### Memory: peak RSS of the largest process, `--jobs 2`",
        "",
        "The wcxb dev pages repeated with new ids; chunks of 16 pages, at most 3 chunks per worker in flight.",
        "",
        "| pages | input MB | seconds | pages/s | peak RSS (MiB) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        src = tmp / f"pages-{n}.jsonl"
        write_jsonl(src, records, n)
        seconds, _, rss, _ = run_cli(["clean", str(src), "-o", str(tmp / "out.jsonl"), "-q", "-j", "2"])
        lines.append(
            f"| {n:,} | {src.stat().st_size / 1e6:,.0f} | {seconds:.0f} | {n / seconds:.1f} | {rss / 1024:.0f} |"
        )
        print(lines[-1], flush=True)
        src.unlink()
    return lines


def dask_speed(records: list[dict], tmp: Path, pool_rate: float, parts: int = 8) -> list[str]:
    try:
        from dask.distributed import Client, LocalCluster

        from cleaner.distributed import clean_bag
    except ImportError:
        return ["### Dask", "", 'dask is not installed (`pip install "cleaner[dask]"`): not measured.']
    paths = []
    for k in range(parts):
        path = tmp / f"part-{k}.jsonl"
        write_jsonl(path, records[k::parts])
        paths.append(str(path))
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            started = time.perf_counter() - start
            t0 = time.perf_counter()
            statuses = clean_bag(paths).pluck("status").frequencies().compute()
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            clean_bag(paths).pluck("status").frequencies().compute()
            second = time.perf_counter() - t0
            client.close()
    n = len(records)
    lines = [
        "### Dask: `cleaner.distributed.clean_bag` vs the local pool",
        "",
        f"The same {n} pages split into {parts} JSON Lines files (one partition each); LocalCluster with 2 worker",
        f"processes of 1 thread; statuses {dict(statuses)}.",
        "",
        "| path | seconds | pages/s |",
        "|---|---:|---:|",
        f"| local pool, `cleaner clean --jobs 2` (whole command) | {n / pool_rate:.1f} | {pool_rate:.1f} |",
        f"| Dask, first compute (workers load the model) | {first:.1f} | {n / first:.1f} |",
        f"| Dask, second compute (model already loaded) | {second:.1f} | {n / second:.1f} |",
        "",
        f"Starting the LocalCluster took {started:.1f} s (not counted above).",
    ]
    print("\n".join(lines[-4:]), flush=True)
    return lines


def _section(body: list[str], command: str, seconds: float) -> str:
    head = [
        "## Corpus benchmarks: site templates, throughput, memory, Dask",
        "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC ({seconds:.0f} s wall for the whole run)",
        f"- Command: `{command}`",
        f"- Machine: {os.cpu_count()} cores, Python {platform.python_version()}",
        "",
    ]
    return "\n".join(head + body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared datasets folder")
    parser.add_argument("--datasets", default=",".join(DATASETS), help="dev datasets for the site-template table")
    parser.add_argument("--pages", type=int, default=10_000, help="pages for the memory run (default 10,000)")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: templates,speed,memory,dask")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    started = time.perf_counter()
    body: list[str] = []
    if "templates" not in skip:
        body += site_templates(args.data, args.datasets.split(",")) + [""]
    if skip >= {"speed", "memory", "dask"}:
        pass
    else:
        records = load(args.data, "wcxb")
        with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmpdir:
            tmp = Path(tmpdir)
            src = tmp / "wcxb-dev.jsonl"
            n = write_jsonl(src, records)
            rate = None
            if "speed" not in skip:
                lines, rates = throughput(src, n, tmp)
                body += lines + [""]
                rate = rates[2]
            if "memory" not in skip:
                body += memory(records, [1_000, args.pages], tmp) + [""]
            if "dask" not in skip:
                if rate is None:
                    seconds = run_cli(["clean", str(src), "-o", str(tmp / "out.jsonl"), "-q", "-j", "2"])[0]
                    rate = n / seconds
                body += dask_speed(records, tmp, rate)
    command = "python -m benchmarks.corpus " + " ".join(argv if argv is not None else sys.argv[1:])
    if not args.no_write:
        write_section("corpus", _section(body, command.strip(), time.perf_counter() - started))
    print("\n".join(body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
