"""Cleaning many pages: site templates, a bounded ordered process pool, outputs, progress.

`SiteTemplates` finds the blocks a site repeats on many of its pages (navigation, footers,
newsletter boxes the classifier kept) and relabels them junk with reason "site-template".
`run` is the engine of `cleaner clean` for corpora: it streams records from
`cleaner.readers`, cleans them in worker processes in bounded chunks (memory stays flat,
output keeps input order), and writes JSON Lines or one file per page, atomically.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import re
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from cleaner.document import Document
from cleaner.pipeline import BATCH_SIZE, Cleaner
from cleaner.readers import Record

# ---------------------------------------------------------------- site templates

_TOKEN = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")


def host_of(url: str | None) -> str | None:
    """The host a page belongs to for template counting: lower case, without 'www.'."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def block_hash(text: str) -> int | None:
    """Hash of a block's normalised text (case, punctuation, spacing and numbers ignored)."""
    norm = " ".join(_TOKEN.findall(_DIGITS.sub("0", text.lower())))
    if not norm:
        return None
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")


def page_hashes(texts: Iterable[str]) -> list[int]:
    """The distinct block hashes of one page."""
    return sorted({h for t in texts if (h := block_hash(t)) is not None})


class SiteTemplates:
    """Blocks repeated across many pages of the same host, learned from a corpus.

    A kept block is relabelled junk (reason "site-template") when its normalised text occurs
    on at least `max(min_pages, min_share * pages of the host)` pages of its host, except that
    a block longer than `long_chars` must occur on at least `long_share` of the pages: long
    text repeated on a few pages is more often a real article syndicated twice than a template.
    Only the first `max_pages_per_host` pages of each host are counted (a sample that bounds memory).

    >>> templates = SiteTemplates().fit(docs)   # first pass: count
    >>> templates.apply(doc)                    # second pass: relabel, returns the blocks changed
    """

    def __init__(
        self,
        min_pages: int = 3,
        min_share: float = 0.3,
        long_chars: int = 400,
        long_share: float = 0.5,
        max_pages_per_host: int = 2000,
    ) -> None:
        self.min_pages = min_pages
        self.min_share = min_share
        self.long_chars = long_chars
        self.long_share = long_share
        self.max_pages_per_host = max_pages_per_host
        self.pages: Counter[str] = Counter()  # pages counted per host
        self.counts: dict[str, Counter[int]] = {}  # host -> block hash -> pages containing it
        self._pruned = False

    # -- counting
    def add(self, url: str | None, hashes: Iterable[int]) -> None:
        """Count one page given its URL and its distinct block hashes (see `page_hashes`)."""
        host = host_of(url)
        if host is None or self.pages[host] >= self.max_pages_per_host:
            return
        self.pages[host] += 1
        self.counts.setdefault(host, Counter()).update(set(hashes))
        self._pruned = False

    def add_doc(self, doc: Document) -> None:
        self.add(doc.url, page_hashes(b.text for b in doc.blocks))

    def fit(self, docs: Iterable[Document]) -> SiteTemplates:
        """Count every block of every document (all of them, kept or not); returns self."""
        for doc in docs:
            self.add_doc(doc)
        self.prune()
        return self

    def threshold(self, host: str) -> int:
        return max(self.min_pages, math.ceil(self.min_share * self.pages[host] - 1e-9))

    def prune(self) -> None:
        """Forget the blocks below every host's threshold (most of them): small to keep and to send."""
        for host, counts in self.counts.items():
            least = self.threshold(host)
            self.counts[host] = Counter({h: c for h, c in counts.items() if c >= least})
        self._pruned = True

    # -- deciding
    def is_template(self, url_or_host: str | None, text: str, host: str | None = None) -> bool:
        host = host or host_of(url_or_host)
        if host is None or host not in self.counts:
            return False
        h = block_hash(text)
        count = self.counts[host].get(h, 0) if h is not None else 0
        if count < self.threshold(host):
            return False
        return len(text) <= self.long_chars or count >= self.long_share * self.pages[host]

    def apply(self, doc: Document) -> int:
        """Relabel the template blocks of one document as junk; fix its text and status. Returns how many."""
        host = host_of(doc.url)
        if host is None or host not in self.counts:
            return 0
        changed = 0
        for block in doc.blocks:
            if block.label == "body" and self.is_template(None, block.text, host=host):
                block.label, block.reason = "junk", "site-template"
                changed += 1
        if changed:
            doc.text = "\n".join(b.text for b in doc.blocks if b.label == "body")
            if not doc.text and doc.status in ("ok", "truncated"):
                doc.status = "no_main_content"
        return changed

    def __getstate__(self) -> dict:
        if not self._pruned:
            self.prune()
        return dict(self.__dict__)

    def summary(self) -> str:
        hosts = [h for h in self.counts if self.counts[h]]
        blocks = sum(len(self.counts[h]) for h in hosts)
        return f"{blocks} template blocks on {len(hosts)} of {len(self.pages)} hosts"


# ---------------------------------------------------------------- cleaning records


@dataclass(frozen=True)
class Spec:
    """What a worker makes of each cleaned page."""

    format: str = "jsonl"  # "jsonl", "text" or "markdown"
    blocks: bool = False  # JSON Lines: add every block with its decision
    batch_size: int = BATCH_SIZE  # pages per model call


@dataclass(slots=True)
class Result:
    """One record's outcome, small enough to send back from a worker."""

    id: str
    url: str | None
    name: str
    error: str | None = None
    detail: str = ""
    status: str | None = None
    payload: str | None = None  # a JSON line (no newline) or the page's text/Markdown
    kept_chars: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # dropped blocks by reason


def render(doc: Document, record: Record, spec: Spec) -> str:
    if spec.format == "jsonl":
        out: dict[str, Any] = {
            "id": record.id,
            "url": record.url,
            "title": doc.title,
            "text": doc.text,
            "status": doc.status,
        }
        if spec.blocks:
            out["blocks"] = [
                {
                    "label": b.label,
                    "score": round(float(b.score), 4),
                    "reason": b.reason,
                    "kind": b.kind,
                    "text": b.text,
                }
                for b in doc.blocks
            ]
        return json.dumps(out, ensure_ascii=False)
    if spec.format == "markdown":
        body = doc.to_markdown()
        return f"# {doc.title}\n\n{body}" if doc.title else body
    return doc.text


def _result(doc: Document, record: Record, spec: Spec) -> Result:
    result = Result(record.id, record.url, record.name, status=doc.status)
    if doc.status == "not_html":
        result.error, result.detail = "not_html", "binary content (PDF, image or archive), not HTML"
        return result
    result.payload = render(doc, record, spec)
    result.kept_chars = len(doc.text)
    result.dropped = dict(Counter(b.reason or "?" for b in doc.blocks if b.label != "body"))
    return result


def _failed(record: Record, exc: BaseException) -> Result:
    return Result(record.id, record.url, record.name, error="clean_error", detail=f"{type(exc).__name__}: {exc}")


def _docs(cleaner: Cleaner, records: list[Record], batch_size: int) -> Iterator[tuple[Record, Document | Exception]]:
    """Clean the good records of a chunk in model batches; one bad page never sinks the others."""
    from cleaner.model import ModelError

    try:
        docs = list(cleaner.clean_many(((r.html, r.url) for r in records), batch_size=batch_size))
        yield from zip(records, docs)
        return
    except ModelError:
        raise
    except Exception:  # noqa: BLE001 - retry one by one to find the page that fails
        pass
    for record in records:
        try:
            yield record, cleaner.clean_html(record.html, url=record.url)
        except ModelError:
            raise
        except Exception as exc:  # noqa: BLE001
            yield record, exc


def clean_records(
    cleaner: Cleaner, records: list[Record], spec: Spec, templates: SiteTemplates | None = None
) -> list[Result]:
    """Results for a chunk of records, in order: bad records keep their error, good ones are cleaned."""
    good = [r for r in records if r.error is None]
    cleaned: dict[int, Result] = {}
    for record, doc in _docs(cleaner, good, spec.batch_size):
        if isinstance(doc, Exception):
            cleaned[id(record)] = _failed(record, doc)
            continue
        if templates is not None:
            templates.apply(doc)
        cleaned[id(record)] = _result(doc, record, spec)
    return [
        cleaned[id(r)] if r.error is None else Result(r.id, r.url, r.name, error=r.error, detail=r.detail)
        for r in records
    ]


def fingerprint_records(cleaner: Cleaner, records: list[Record], spec: Spec) -> list[tuple[str | None, list[int]]]:
    """First pass of site templates: each good record's URL and distinct block hashes."""
    good = [r for r in records if r.error is None and host_of(r.url)]
    out = []
    for record, doc in _docs(cleaner, good, spec.batch_size):
        if not isinstance(doc, Exception):
            out.append((record.url, page_hashes(b.text for b in doc.blocks)))
    return out


# ---------------------------------------------------------------- bounded ordered pool

_WORKER: dict[str, Any] = {}


def _init_worker(cleaner: Cleaner, spec: Spec, templates: SiteTemplates | None) -> None:
    _WORKER.update(cleaner=cleaner, spec=spec, templates=templates)


def _clean_chunk(records: list[Record]) -> list[Result]:
    return clean_records(_WORKER["cleaner"], records, _WORKER["spec"], _WORKER["templates"])


def _fingerprint_chunk(records: list[Record]) -> list[tuple[str | None, list[int]]]:
    return fingerprint_records(_WORKER["cleaner"], records, _WORKER["spec"])


def chunked(records: Iterable[Record], size: int = 32, max_bytes: int = 32_000_000) -> Iterator[list[Record]]:
    """Lists of at most `size` records and about `max_bytes` of HTML."""
    chunk: list[Record] = []
    total = 0
    for record in records:
        chunk.append(record)
        total += len(record.html) if record.html is not None else 0
        if len(chunk) >= size or total >= max_bytes:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


def ordered_map(
    func: Callable[[list[Record]], Any],
    chunks: Iterable[list[Record]],
    jobs: int,
    initargs: tuple,
    window: int | None = None,
) -> Iterator[Any]:
    """`func` over chunks in `jobs` processes, results in input order, at most `window` chunks in flight.

    Unlike `Pool.imap`, whose feeder thread reads the whole input ahead, this reads a chunk
    only when one is taken out, so a corpus of any size runs in constant memory.
    """
    if jobs <= 1:
        _init_worker(*initargs)
        for chunk in chunks:
            yield func(chunk)
        return
    window = window or 3 * jobs
    with multiprocessing.Pool(jobs, initializer=_init_worker, initargs=initargs) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(func, (chunk,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# ---------------------------------------------------------------- progress and summary


@dataclass
class Stats:
    records: int = 0  # records read, good or bad
    written: int = 0
    resumed: int = 0  # skipped: already in the output
    kept_chars: int = 0
    statuses: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def add(self, result: Result) -> None:
        self.records += 1
        if result.error:
            self.errors[result.error] += 1
            return
        self.statuses[result.status] += 1
        self.kept_chars += result.kept_chars
        self.dropped.update(result.dropped)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def rate(self) -> float:
        return self.records / max(self.seconds, 1e-9)

    def summary(self) -> str:
        def counts(counter: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in counter.most_common()) or "none"

        lines = [
            f"cleaner: {self.records} pages in {self.seconds:.1f} s ({self.rate():.1f} pages/s); "
            f"{self.written} written, {self.resumed} already done (--resume), {sum(self.errors.values())} failed",
            f"  kept characters: {self.kept_chars:,}",
            f"  status: {counts(self.statuses)}",
            f"  dropped blocks by reason: {counts(self.dropped)}",
            f"  errors by kind: {counts(self.errors)}",
        ]
        return "\n".join(lines)


class Progress:
    """Pages and pages/s on stderr: a line rewritten in place on a terminal, every 10 s in a log."""

    def __init__(self, stream: TextIO, quiet: bool = False, label: str = "cleaned") -> None:
        self.stream, self.quiet, self.label = stream, quiet, label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.every = 0.5 if self.tty else 10.0
        self.last = time.monotonic()
        self.shown = False

    def update(self, stats: Stats, force: bool = False) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        failed = sum(stats.errors.values())
        line = f"cleaner: {self.label} {stats.records} pages, {stats.rate():.1f} pages/s, {failed} failed"
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
            self.shown = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


# ---------------------------------------------------------------- outputs


def atomic_write(path: Path, text: str) -> None:
    """Write a file so that readers see the old content or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


class JsonlOutput:
    """JSON Lines to a file (via `.NAME.partial`, renamed over NAME at the end) or to stdout.

    The partial file is flushed after every chunk: if a run dies, `--resume` keeps what it
    holds as well as the finished output, and goes on from there.
    """

    def __init__(self, target: str, resume: bool = False) -> None:
        self.done: set[str] = set()
        if target == "-":
            self.path = self.partial = None
            self.fh: TextIO = sys.stdout
            return
        self.path = Path(target)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.partial = self.path.with_name(f".{self.path.name}.partial")
        if resume:
            sources = [p for p in (self.path, self.partial) if p.exists()]
            fresh = self.path.with_name(f".{self.path.name}.partial.{os.getpid()}")
            with open(fresh, "w", encoding="utf-8") as out:
                for source in sources:
                    with open(source, encoding="utf-8", errors="replace") as fh:
                        for line in fh:
                            try:
                                rid = json.loads(line).get("id")
                            except (ValueError, AttributeError):
                                continue  # the torn last line of a killed run
                            if rid is None or rid in self.done:
                                continue
                            self.done.add(rid)
                            out.write(line if line.endswith("\n") else line + "\n")
            os.replace(fresh, self.partial)
            self.fh = open(self.partial, "a", encoding="utf-8")  # noqa: SIM115
        else:
            self.fh = open(self.partial, "w", encoding="utf-8")  # noqa: SIM115

    def skip(self, record: Record) -> bool:
        return record.id in self.done

    def write(self, result: Result) -> None:
        self.fh.write(result.payload + "\n")

    def flush(self) -> None:
        self.fh.flush()

    def close(self, commit: bool = True) -> None:
        if self.path is None:
            self.fh.flush()
            return
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        if commit:
            os.replace(self.partial, self.path)


class DirOutput:
    """One file per page under a folder, each written atomically; names from the record."""

    def __init__(self, target: str, suffix: str, resume: bool = False) -> None:
        self.root = Path(target)
        self.root.mkdir(parents=True, exist_ok=True)
        self.suffix, self.resume = suffix, resume
        self.used: dict[str, str] = {}  # file name -> id, to tell two inputs with the same name apart

    def path_of(self, record: Record | Result) -> Path:
        name = record.name or "page"
        owner = self.used.setdefault(name, record.id)
        if owner != record.id:
            name = f"{name}-{hashlib.sha1(record.id.encode('utf-8', 'replace')).hexdigest()[:8]}"
        return self.root / (name + self.suffix)

    def skip(self, record: Record) -> bool:
        return self.resume and record.error is None and self.path_of(record).exists()

    def write(self, result: Result) -> None:
        atomic_write(self.path_of(result), result.payload + "\n")

    def flush(self) -> None:
        pass

    def close(self, commit: bool = True) -> None:
        pass


class StdoutText:
    """Text or Markdown of each page to stdout, one after the other (the single-page use)."""

    def skip(self, record: Record) -> bool:
        return False

    def write(self, result: Result) -> None:
        sys.stdout.write(result.payload + "\n")

    def flush(self) -> None:
        sys.stdout.flush()

    def close(self, commit: bool = True) -> None:
        sys.stdout.flush()


# ---------------------------------------------------------------- the run


def fit_templates(
    records: Iterable[Record], cleaner: Cleaner, spec: Spec, jobs: int, progress: Progress | None = None
) -> SiteTemplates:
    """First pass of `--site-templates`: count block hashes per host over the whole input."""
    templates = SiteTemplates()
    stats = Stats()
    for batch in ordered_map(_fingerprint_chunk, chunked(records), jobs, (cleaner, spec, None)):
        for url, hashes in batch:
            templates.add(url, hashes)
            stats.records += 1
        if progress:
            progress.update(stats)
    if progress:
        progress.done()
    templates.prune()
    return templates


def run(
    records: Iterable[Record],
    output: JsonlOutput | DirOutput | StdoutText,
    cleaner: Cleaner,
    spec: Spec,
    jobs: int = 1,
    templates: SiteTemplates | None = None,
    stderr: TextIO | None = None,
    quiet: bool = False,
    report_errors: bool = True,
    warn_status: bool = False,
    chunk_size: int = 16,
) -> Stats:
    """Clean every record into `output`, in input order; returns the counts for the summary."""
    stats = Stats()
    stderr = stderr or sys.stderr
    progress = Progress(stderr, quiet)

    def todo() -> Iterator[Record]:
        for record in records:
            if output.skip(record):
                stats.resumed += 1
                continue
            yield record

    committed = False
    try:
        for results in ordered_map(_clean_chunk, chunked(todo(), chunk_size), jobs, (cleaner, spec, templates)):
            for result in results:
                stats.add(result)
                if result.error:
                    if report_errors:
                        progress.done()
                        stderr.write(f"cleaner: {result.id}: {result.error}: {result.detail}\n")
                    continue
                if warn_status and result.status not in ("ok", "truncated"):
                    stderr.write(f"cleaner: {result.id}: {result.status}\n")
                output.write(result)
                stats.written += 1
            output.flush()
            progress.update(stats)
        committed = True
    finally:
        progress.done()
        output.close(commit=committed)
    return stats
