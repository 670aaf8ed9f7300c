"""Title benchmark: how often `Document.title` is the page's headline.

    python -m benchmarks.titles --data ../shared/datasets [--limit N] [--jobs 2]

`doc.title` is part of the API, and the text benchmark cannot see it: the gold text leaves the
headline out, so a wrong title costs no F1. The dev pages of the datasets whose gold gives a
title (wcxb, readability) are scored against it, for cleaner and for what peers and the page
itself offer: trafilatura's metadata title, readability-lxml's short title, and the page's own
`<title>` (which often carries the site's name). Per page: exact match (the same scoring tokens,
in order) and token F1 (`cleaner.train.scoring`); both averaged over the pages with a gold title.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

import lxml.html

from benchmarks.results import markdown_table, write_section
from benchmarks.run import Page, load_pages, quiet
from cleaner.train.scoring import score, tokens

#: The dev datasets whose gold records a title.
TITLED = ("wcxb", "readability")


def _cleaner(html: str, url: str | None) -> str | None:
    from cleaner import clean_html

    return clean_html(html, url=url).title


def _trafilatura(html: str, url: str | None) -> str | None:
    from trafilatura import extract_metadata

    return extract_metadata(html, default_url=url).title


def _readability(html: str, url: str | None) -> str | None:
    from readability import Document

    return Document(html, url=url).short_title()


def _page_title(html: str, url: str | None) -> str | None:
    return lxml.html.document_fromstring(html).findtext(".//title")


SYSTEMS: dict[str, Callable[[str, str | None], str | None]] = {
    "cleaner": _cleaner,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "page `<title>`": _page_title,
}


def title_scores(found: str | None, gold: str) -> tuple[float, float]:
    """(exact match, token F1) of one title against the gold; no title scores 0 on both."""
    if not found:
        return 0.0, 0.0
    return float(tokens(found) == tokens(gold)), score(found, gold).f1


def _run(task: tuple[str, Page]) -> tuple[str, str | None, dict[str, tuple[float, float] | None]]:
    """Every system's scores on one page; None where the system raised (counted apart, as 0)."""
    dataset, page = task
    scores: dict[str, tuple[float, float] | None] = {}
    for name, title_of in SYSTEMS.items():
        try:
            scores[name] = title_scores(title_of(page.html, page.url), page.title or "")
        except Exception:  # a peer's failure on one odd page must not stop the run
            scores[name] = None
    return dataset, page.page_type, scores


def _tasks(data: Path, datasets: list[str], limit: int | None) -> list[tuple[str, Page]]:
    """The dev pages with a gold title, the first `limit` of each dataset."""
    return [
        (dataset, page)
        for dataset in datasets
        for page in [p for p in load_pages(data, dataset, None) if p.title][:limit]
    ]


def render(results: list, datasets: list[str], command: str, wall: float) -> str:
    groups: dict[str, list[dict]] = {}
    for dataset, page_type, scores in results:
        groups.setdefault(dataset, []).append(scores)
        if dataset == "wcxb" and page_type == "article":
            groups.setdefault("wcxb article", []).append(scores)
    header = ["dataset", "pages", *(f"{s}: exact / F1" for s in SYSTEMS), "errors"]
    rows = []
    for name in [*datasets, "wcxb article"]:
        pages = groups.get(name, [])
        if not pages:
            continue
        cells = []
        for system in SYSTEMS:
            got = [p[system] or (0.0, 0.0) for p in pages]
            cells.append(f"{sum(g[0] for g in got) / len(got):.3f} / {sum(g[1] for g in got) / len(got):.3f}")
        errors = sum(p[s] is None for p in pages for s in SYSTEMS)
        rows.append([name, str(len(pages)), *cells, str(errors)])
    return "\n".join(
        [
            "## Titles: `Document.title` against the gold headline",
            "",
            f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} ({wall:.0f} s wall)",
            f"- Command: `{command}`",
            "- Dev pages with a gold title; exact: the same scoring tokens in order; F1: token F1",
            "",
            markdown_table(header, rows),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m benchmarks.titles", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the shared datasets folder")
    parser.add_argument("--limit", type=int, help="pages per dataset (quick runs)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)

    started = time.time()
    tasks = _tasks(args.data, list(TITLED), args.limit)
    with Pool(args.jobs, initializer=quiet) as pool:
        results = pool.map(_run, tasks, chunksize=4)
    body = render(results, list(TITLED), "python -m benchmarks.titles " + shlex.join(argv), time.time() - started)
    print(body)
    if not args.no_write:
        write_section("titles", body)


if __name__ == "__main__":
    main()
