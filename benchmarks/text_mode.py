"""Text-mode benchmark: cleaning pages that are already flattened to text.

    python -m benchmarks.text_mode --data ../shared/datasets [--flatten html-text|blocks] [--limit N] [--jobs 2]

Every dev page of the shared datasets is flattened to plain text, then cleaned by each
system, and scored against the gold text with `cleaner.train.scoring` (token F1 per page,
macro-averaged). Flattening (`--flatten`):

* ``html-text`` (default): ``html_text.extract_text(html, guess_layout=True)``: the visible
  text, a blank line between paragraphs and headings, a newline between list items and lines;
* ``blocks``: cleaner's own HTML blocks, one per line (what a WET-style dump looks like).

Systems, all given the same flattened text:

* ``no cleaning``: the flattened text as is (the recall ceiling);
* ``C4 filter``: the C4 line rules: keep lines that end in terminal punctuation and have at
  least 5 words; drop lines mentioning javascript, lorem ipsum, cookie policy, terms of use,
  privacy policy, uses/use of cookies. (C4's page-level rules, which discard a whole page with
  fewer than 3 sentences or a curly bracket, are left out: they drop pages rather than clean them.)
* ``trafilatura (<p>)``, ``jusText (<p>)``: the non-empty lines, each wrapped as a ``<p>``
  element in ``<html lang=...><body>`` (the page's own ``<html lang>``, so jusText picks its
  stoplist as in the HTML benchmark; `benchmarks.peers` adapters, default settings);
* ``cleaner text``: `cleaner.clean_text` (the shipped text model and spam steps);

and, for reference, ``cleaner HTML``: `cleaner.clean_html` on the original page.

The bar: text-mode mean F1 above every comparator, and within 0.05 of HTML mode.
Writes the section between ``<!-- text:begin -->`` and ``<!-- text:end -->`` of
benchmarks/RESULTS.md (``--no-write`` to print only).
"""

from __future__ import annotations

import argparse
import html as htmllib
import re
import sys
import time
from multiprocessing import Pool
from pathlib import Path

from benchmarks.results import markdown_table, write_section
from benchmarks.run import quiet
from cleaner.train.datasets import DEV_DATASETS, UNSEEN, iter_split
from cleaner.train.scoring import Score, mean_score, score

SYSTEMS = ("no cleaning", "C4 filter", "trafilatura (<p>)", "jusText (<p>)", "cleaner text", "cleaner HTML")
COMPARATORS = SYSTEMS[:4]

_C4_BAD = ("javascript", "lorem ipsum", "cookie policy", "terms of use", "privacy policy", "uses cookies")
_C4_BAD += ("use of cookies", "use cookies")
_C4_END = (".", "!", "?", '"', "”", "'", "’")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z-]{2,12})", re.IGNORECASE)


def c4_filter(text: str) -> str:
    """The C4 line rules (Raffel et al. 2020, TFDS c4_utils.clean_page), line level only."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) < 5 or not line.endswith(_C4_END):
            continue
        lower = line.lower()
        if any(bad in lower for bad in _C4_BAD):
            continue
        out.append(line)
    return "\n".join(out)


def as_paragraphs(text: str, lang: str | None) -> str:
    """The flattened lines as <p> elements, for the HTML extractors."""
    attr = f' lang="{lang}"' if lang else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = "\n".join(f"<p>{htmllib.escape(line)}</p>" for line in lines)
    return f"<html{attr}><head><meta charset='utf-8'></head><body>\n{body}\n</body></html>"


def flatten(html: str, how: str) -> str:
    from cleaner.train.fit_text import FLATTENERS

    return FLATTENERS[how](html)


def _run(task: tuple[dict, str]) -> tuple[str, dict[str, Score], float]:
    record, how = task
    import cleaner
    from benchmarks.peers import justext_text, trafilatura_text

    gold = record["text"]
    flat = flatten(record["html"], how)
    lang = _HTML_LANG.search(record["html"][:5000])
    paragraphs = as_paragraphs(flat, lang.group(1) if lang else None)
    outputs: dict[str, str] = {"no cleaning": flat, "C4 filter": c4_filter(flat)}
    for name, fn in (("trafilatura (<p>)", trafilatura_text), ("jusText (<p>)", justext_text)):
        try:
            outputs[name] = fn(paragraphs, None)
        except Exception:
            outputs[name] = ""
    started = time.perf_counter()
    outputs["cleaner text"] = cleaner.clean_text(flat).text
    text_seconds = time.perf_counter() - started
    try:
        outputs["cleaner HTML"] = cleaner.clean_html(record["html"], url=record.get("url")).text
    except cleaner.ModelError:
        outputs["cleaner HTML"] = None
    scores = {k: score(v, gold) for k, v in outputs.items() if v is not None}
    return record["dataset"], scores, text_seconds


def _f(x: float) -> str:
    return f"{x:.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.text_mode", description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--flatten", default="html-text", choices=("html-text", "blocks"))
    parser.add_argument("--datasets", default=",".join(DEV_DATASETS))
    parser.add_argument("--limit", type=int, help="pages per dataset (quick runs)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    started = time.time()
    datasets = args.datasets.split(",")
    tasks = [(r, args.flatten) for d in datasets for r in list(iter_split(args.data, d, "dev"))[: args.limit]]
    with Pool(args.jobs, initializer=quiet) as pool:
        results = pool.map(_run, tasks, chunksize=4)
    per: dict[str, dict[str, list[Score]]] = {d: {s: [] for s in SYSTEMS} for d in datasets}
    seconds = 0.0
    for dataset, scores, t in results:
        seconds += t
        for system, s in scores.items():
            per[dataset][system].append(s)
    wall = time.time() - started
    body = render(per, datasets, args, wall, seconds / max(len(results), 1))
    print(body)
    if not args.no_write:
        write_section("text", body)


def render(per, datasets, args, wall: float, text_seconds: float) -> str:
    systems = [s for s in SYSTEMS if any(per[d][s] for d in datasets)]
    means = {d: {s: mean_score(per[d][s]) for s in systems if per[d][s]} for d in datasets}
    command = f"python -m benchmarks.text_mode --data {args.data} --flatten {args.flatten} --jobs {args.jobs}"
    if args.limit:
        command += f" --limit {args.limit}"
    lines = [
        "## Text mode: cleaning already-flattened text",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} ({wall:.0f} s wall)",
        f"- Command: `{command}`",
        f"- Flattening: `{args.flatten}` "
        + (
            "(`html_text.extract_text(html, guess_layout=True)`: blank line between paragraphs, newline between "
            "lines and list items)"
            if args.flatten == "html-text"
            else "(cleaner's own HTML blocks, one per line)"
        ),
        "- Every system gets the same flattened text, except `cleaner HTML` (the original page, for reference). "
        "trafilatura and jusText get the lines wrapped as `<p>` elements. Token F1 per page, macro-averaged "
        "(cleaner.train.scoring); see benchmarks/text_mode.py for the C4 rules.",
        f"- cleaner text mode: {text_seconds * 1000:.1f} ms per page on one core (mean).",
        "",
        "### F1",
        "",
    ]
    overall = {s: sum(means[d][s].f1 for d in datasets if s in means[d]) / len(datasets) for s in systems}
    f1_rows = [
        [f"{d}{'' if d in UNSEEN else ' (trained on its train split)'}", str(len(per[d]["cleaner text"]))]
        + [_f(means[d][s].f1) if s in means[d] else "-" for s in systems]
        for d in datasets
    ]
    f1_rows.append([f"**mean** ({len(datasets)} datasets)", ""] + [f"**{_f(overall[s])}**" for s in systems])
    lines.append(markdown_table(["dataset", "pages", *systems], f1_rows))
    pr_rows = [
        [d] + [f"{_f(means[d][s].precision)} / {_f(means[d][s].recall)}" if s in means[d] else "-" for s in systems]
        for d in datasets
    ]
    lines += ["", "### Precision / recall", "", markdown_table(["dataset", *systems], pr_rows)]
    lines += ["", "### Bar", ""]
    ours = overall.get("cleaner text", 0.0)
    for s in COMPARATORS:
        if s in overall:
            verdict = "PASS" if ours > overall[s] else "FAIL"
            lines.append(f"- cleaner text {_f(ours)} > {s} {_f(overall[s])}: **{verdict}**")
    for d in datasets:
        if "cleaner text" not in means[d]:
            continue
        ours_d = means[d]["cleaner text"].f1
        beaten = [f"{s} {_f(means[d][s].f1)}" for s in COMPARATORS if s in means[d] and means[d][s].f1 >= ours_d]
        if beaten:
            lines.append(f"- per dataset: on {d}, cleaner text {_f(ours_d)} is not above " + ", ".join(beaten))
        if "cleaner HTML" in means[d] and means[d]["cleaner HTML"].f1 - ours_d > 0.05:
            html_d = means[d]["cleaner HTML"].f1
            lines.append(
                f"- per dataset: on {d}, cleaner text {_f(ours_d)} is more than 0.05 below HTML mode {_f(html_d)}"
            )
    if "cleaner HTML" in overall:
        gap = overall["cleaner HTML"] - ours
        verdict = "PASS" if gap <= 0.05 else "FAIL"
        lines.append(f"- within 0.05 of cleaner HTML {_f(overall['cleaner HTML'])} (gap {gap:+.3f}): **{verdict}**")
    else:
        lines.append("- cleaner HTML: not measured (the shipped HTML model could not be loaded)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
