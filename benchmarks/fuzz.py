"""Fuzz the public API: never crash, never hang (issue 6).

    python -m benchmarks.fuzz --runs 100000                 # atheris (libFuzzer), coverage-guided
    python -m benchmarks.fuzz --engine hypothesis --runs 20000

Every input goes through `cleaner.clean_html` (as bytes and, decoded with surrogates kept,
as str), `Cleaner.clean_many` on small batches, and `Document.to_markdown`; the result
must be a Document with a known status. Any other exception is a crash: the input is
saved under --out (default `fuzz-crashes/`), counted once per distinct place it was
raised, and the run goes on. An input slower than --timeout seconds is a hang: libFuzzer
stops and saves it (atheris engine). The summary line (executions, crashes, hangs, seconds)
is printed at the end and, with --json, written to a file.

Seeds: the bundled example page, fragments of it, and small hostile pages (deep nesting,
bad charsets, binary headers), so libFuzzer starts from real HTML structure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [
    b"",
    b"<html><head><meta charset=shift_jis><title>t</title></head><body><p>x</p></body></html>",
    b'<?xml version="1.0" encoding="utf-16"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>a</p></body></html>',
    b"<body>" + b"<div>" * 2100 + b"<p>deep</p>",
    b"<table><tr><td>a<br><br>b<td>c</table><ul><li>x<li>y</ul><pre>code</pre><blockquote>q</blockquote>",
    b'<meta charset="rot13"><p>\xff\xfe</p>',
    b"%PDF-1.4\n",
    b"\xff\xfe<\x00p\x00>\x00",
    b'<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "text"}</script><p>body</p>',
    b"<frameset><frame><noframes><p>x</p></noframes></frameset>",
    b"<!-- c --><p>a<!-- d -->b</p>",
]

crashes: dict[str, dict] = {}
stats: dict = {"executions": 0, "runs": 0, "start": 0.0, "engine": "", "json": None}
_cleaner = None
_out: Path = Path("fuzz-crashes")


def _seed_corpus(directory: Path) -> None:
    example = (ROOT / "examples" / "news-article.html").read_bytes()
    pieces = SEEDS + [example, example[: len(example) // 2], example[len(example) // 3 :]]
    for i, data in enumerate(pieces):
        (directory / f"seed-{i}").write_bytes(data)


def check_one(data: bytes) -> None:
    """Run one input through every entry point; record (not raise) anything unexpected."""
    import cleaner
    from cleaner.document import STATUSES

    stats["executions"] += 1
    try:
        text = data.decode("utf-8", "surrogateescape").replace("\udcff", "\ud800")  # lone surrogates in str
        docs = [cleaner.clean_html(data), cleaner.clean_html(text)]
        if stats["executions"] % 8 == 0:  # batches too, on every 8th input (keeps the run fast)
            half = len(data) // 2
            docs += list(_cleaner.clean_many([data[:half], (text[half:], "http://example.com/")], batch_size=2))
        for doc in docs:
            if not isinstance(doc, cleaner.Document) or doc.status not in STATUSES:
                raise AssertionError(f"bad result {doc!r}")
            doc.to_markdown()
            doc.text.encode("utf-8")  # surrogates must not leak into the output
    except Exception as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        if where not in crashes:
            digest = hashlib.sha1(data).hexdigest()[:12]
            _out.mkdir(parents=True, exist_ok=True)
            (_out / f"crash-{digest}").write_bytes(data)
            crashes[where] = {"example": f"crash-{digest}", "error": repr(exc)[:300], "count": 0}
            print(f"\nCRASH {where}: {exc!r:.200} (saved {_out / f'crash-{digest}'})", file=sys.stderr)
        crashes[where]["count"] += 1
    if stats["engine"] == "atheris" and stats["executions"] >= stats["runs"]:
        _report()  # libFuzzer ends the process itself; stop here so the summary is written
        os._exit(1 if crashes else 0)


def _report() -> None:
    summary = {
        "engine": stats["engine"],
        "executions": stats["executions"],
        "crashes": sum(c["count"] for c in crashes.values()),
        "distinct_crashes": len(crashes),
        "seconds": round(time.perf_counter() - stats["start"], 1),
        "details": crashes,
    }
    print(json.dumps(summary, indent=2), flush=True)
    if stats["json"]:
        Path(stats["json"]).write_text(json.dumps(summary, indent=2) + "\n")


def run_atheris(runs: int, timeout: int, max_len: int) -> None:
    import importlib

    import atheris

    import cleaner

    for name in ("decode", "segment", "pipeline", "document", "cleanup", "features"):
        module = importlib.import_module(f"cleaner.{name}")
        for value in list(vars(module).values()):  # coverage feedback from cleaner's own code only
            if getattr(value, "__module__", None) == module.__name__:
                if callable(value) and hasattr(value, "__code__"):
                    atheris.instrument_func(value)
                for attr in vars(value).values() if isinstance(value, type) else ():
                    target = attr.fget if isinstance(attr, property) else attr
                    if hasattr(target, "__code__"):
                        atheris.instrument_func(target)
    del cleaner
    corpus = Path(tempfile.mkdtemp(prefix="cleaner-fuzz-"))
    _seed_corpus(corpus)
    argv = [sys.argv[0], f"-runs={runs + 100}", f"-timeout={timeout}", f"-max_len={max_len}", "-print_final_stats=1"]
    argv += [f"-artifact_prefix={_out}/", str(corpus)]
    _out.mkdir(parents=True, exist_ok=True)
    atheris.Setup(argv, check_one)
    try:
        atheris.Fuzz()
    except SystemExit:
        pass


def run_hypothesis(runs: int, max_len: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seeds = SEEDS + [(ROOT / "examples" / "news-article.html").read_bytes()]
    tags = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<br>", "<table><tr><td>", "<li>", "<!--", "-->"])
    pieces = st.one_of(st.binary(max_size=64), tags.map(str.encode), st.sampled_from(seeds))
    inputs = st.one_of(st.binary(max_size=max_len), st.lists(pieces, max_size=40).map(b"".join))

    @settings(max_examples=runs, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def target(data: bytes) -> None:
        check_one(data[:max_len])

    target()


def main(argv: list[str] | None = None) -> int:
    global _cleaner, _out
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["atheris", "hypothesis"], default="atheris")
    parser.add_argument("--runs", type=int, default=100_000, help="inputs to try (default 100,000)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds before an input counts as a hang")
    parser.add_argument("--max-len", type=int, default=4096, help="longest input in bytes")
    parser.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs are saved")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args(argv)
    _out = args.out
    import cleaner

    _cleaner = cleaner.Cleaner()
    cleaner.clean_html(b"<p>warm up: load the model before timing</p>")
    stats.update(runs=args.runs, start=time.perf_counter(), engine=args.engine, json=args.json)
    if args.engine == "atheris":
        run_atheris(args.runs, args.timeout, args.max_len)
    else:
        run_hypothesis(args.runs, args.max_len)
    _report()
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
