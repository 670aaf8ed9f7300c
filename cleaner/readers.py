"""Input records for the corpus command: HTML files, directories, JSON Lines and WARC.

Every reader is a generator, so a corpus of any size streams through in constant memory.
A record that cannot be used is not an exception: it is yielded with `error` set (a short
kind such as "bad_json") and `detail`, so that the caller can count it and go on with the
records around it.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Error kinds a record can carry (also the keys of the summary's error counts).
ERROR_KINDS = (
    "read_error",  # the file could not be opened or read
    "bad_json",  # a JSON Lines line that is not valid JSON
    "bad_record",  # valid JSON but not an object, or without a string HTML field
    "undecodable",  # a JSON Lines line that is not UTF-8
    "oversize",  # more than Options.max_bytes
    "not_html",  # binary content (PDF, image, archive)
    "bad_warc",  # a damaged WARC file (the records before the damage are kept)
    "clean_error",  # cleaning raised (a bug: please report it)
)

HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class Record:
    """One page to clean, or the reason it cannot be."""

    id: str
    url: str | None = None
    html: bytes | str | None = None
    name: str = ""  # a relative file name for per-page outputs, without suffix
    error: str | None = None
    detail: str = ""
    source: str = ""  # the input argument it came from


@dataclass(frozen=True)
class Fields:
    """Field names of JSON Lines records."""

    id: str = "id"
    url: str = "url"
    html: str = "html"
    #: Tried when a record has no `html` field: many dumps put the page under "text" or "content".
    fallbacks: tuple[str, ...] = ("text",)


def safe_name(name: str, limit: int = 150) -> str:
    """A relative path made safe to join to an output folder: no '..', no odd characters."""
    parts = []
    for part in re.split(r"[\\/]+", name):
        if part in ("", ".", ".."):
            continue
        clean = re.sub(r"[^\w.-]+", "_", part).strip("._") or "_"
        if len(clean) > limit:
            digest = hashlib.sha1(part.encode("utf-8", "surrogatepass")).hexdigest()[:10]
            clean = clean[: limit - 11] + "-" + digest
        parts.append(clean)
    return "/".join(parts) or "page"


def kind_of(path: str) -> str:
    """'html', 'jsonl', 'warc' or 'dir' from a path (the suffix decides; '-' is sniffed later)."""
    if path != "-" and os.path.isdir(path):
        return "dir"
    lower = path.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "html"


def iter_records(
    inputs: Iterable[str], fields: Fields = Fields(), max_bytes: int = 50_000_000, stdin: BinaryIO | None = None
) -> Iterator[Record]:
    """Records of every input in order: files, folders (recursive, *.html/*.htm), JSONL, WARC, '-'."""
    for arg in inputs:
        kind = kind_of(arg)
        if arg == "-":
            yield from _iter_stdin(stdin or sys.stdin.buffer, fields, max_bytes)
        elif kind == "dir":
            root = Path(arg)
            files = sorted(p for p in root.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
            for path in files:
                name = str(path.relative_to(root).with_suffix(""))
                yield _read_html_file(str(path), safe_name(name), arg, max_bytes)
        elif kind == "warc":
            yield from _guard(arg, _iter_warc_path(arg, max_bytes))
        elif kind == "jsonl":
            yield from _guard(arg, _iter_jsonl_path(arg, fields, max_bytes))
        else:
            yield _read_html_file(arg, safe_name(Path(arg).stem or arg), arg, max_bytes)


def _guard(arg: str, records: Iterator[Record]) -> Iterator[Record]:
    """Turn a failure to open or read a container file into one error record."""
    try:
        yield from records
    except OSError as exc:
        kind = "bad_warc" if kind_of(arg) == "warc" and not isinstance(exc, FileNotFoundError) else "read_error"
        yield Record(id=arg, error=kind, detail=str(exc.strerror or exc), source=arg)
    except (EOFError, ValueError, gzip.BadGzipFile, zlib_error()) as exc:
        kind = "bad_warc" if kind_of(arg) == "warc" else "read_error"
        yield Record(id=arg, error=kind, detail=f"{type(exc).__name__}: {exc}", source=arg)


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def _read_html_file(path: str, name: str, source: str, max_bytes: int) -> Record:
    record = Record(id=path, name=name, source=source)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            record.error, record.detail = "oversize", f"{size} bytes > max_bytes {max_bytes}"
            return record
        with open(path, "rb") as fh:
            record.html = fh.read()
    except OSError as exc:
        record.error, record.detail = "read_error", str(exc.strerror or exc)
    return record


def _iter_stdin(stream: BinaryIO, fields: Fields, max_bytes: int) -> Iterator[Record]:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(64)[:64]
    inner: BinaryIO = buffered
    if head[:2] == b"\x1f\x8b":
        inner = gzip.GzipFile(fileobj=buffered)  # type: ignore[assignment]
        inner = io.BufferedReader(inner)  # type: ignore[arg-type]
        head = inner.peek(64)[:64]  # type: ignore[attr-defined]
    if head.startswith(b"WARC/"):
        yield from _guard("-", _iter_warc(buffered, max_bytes, "-"))  # warcio handles the gzip itself
    elif head.lstrip()[:1] == b"{":
        yield from _guard("-", _iter_jsonl(inner, fields, max_bytes, "-"))
    else:
        data = inner.read(max_bytes + 1)
        record = Record(id="-", name="stdin", source="-")
        if len(data) > max_bytes:
            record.error, record.detail = "oversize", f"more than max_bytes {max_bytes}"
        else:
            record.html = data
        yield record


# ---------------------------------------------------------------- JSON Lines


def _iter_jsonl_path(path: str, fields: Fields, max_bytes: int) -> Iterator[Record]:
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        yield from _iter_jsonl(fh, fields, max_bytes, path)


def _iter_jsonl(fh: BinaryIO, fields: Fields, max_bytes: int, source: str) -> Iterator[Record]:
    # A line may hold escaped HTML up to a few times max_bytes; beyond that it is read in pieces and dropped.
    limit = 6 * max_bytes + 1024
    lineno = 0
    while True:
        line = fh.readline(limit)
        if not line:
            return
        lineno += 1
        fallback_id = f"{source}:{lineno}"
        if len(line) >= limit and not line.endswith(b"\n"):
            while (rest := fh.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield Record(id=fallback_id, error="oversize", detail=f"line over {limit} bytes", source=source)
            continue
        if not line.strip():
            continue
        yield _parse_line(line, fields, max_bytes, source, fallback_id)


def _parse_line(line: bytes, fields: Fields, max_bytes: int, source: str, fallback_id: str) -> Record:
    record = Record(id=fallback_id, source=source)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        record.error, record.detail = "undecodable", f"line is not UTF-8 ({exc.reason} at byte {exc.start})"
        return record
    try:
        obj = json.loads(text)
    except ValueError as exc:
        record.error, record.detail = "bad_json", str(exc)
        return record
    return record_from_object(obj, fields, max_bytes, source, fallback_id)


def record_from_object(obj: object, fields: Fields, max_bytes: int, source: str, fallback_id: str) -> Record:
    """A record from one parsed JSON value (a JSON Lines line, or an item of a dask bag)."""
    record = Record(id=fallback_id, source=source)
    if not isinstance(obj, dict):
        record.error, record.detail = "bad_record", f"a JSON {type(obj).__name__}, not an object"
        return record
    rid = obj.get(fields.id)
    if isinstance(rid, (str, int)) and not isinstance(rid, bool):
        record.id = str(rid)
    url = obj.get(fields.url)
    record.url = url if isinstance(url, str) else None
    record.name = safe_name(record.id)
    for key in (fields.html, *fields.fallbacks):
        if key in obj:
            html = obj[key]
            break
    else:
        record.error, record.detail = "bad_record", f"no {fields.html!r} field"
        return record
    if not isinstance(html, str):
        record.error, record.detail = "bad_record", f"field {key!r} is {type(html).__name__}, not a string"
        return record
    if len(html) > max_bytes:
        record.error, record.detail = "oversize", f"{len(html)} characters > max_bytes {max_bytes}"
        return record
    if _looks_binary(html):
        record.error, record.detail = "not_html", "binary content (PDF, image or archive), not HTML"
        return record
    record.html = html
    return record


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    """A JSON string that holds a PDF, an image or bytes of an archive rather than a page."""
    head = text[:2048]
    if head.startswith(("%PDF-", "\x89PNG", "GIF8", "PK\x03\x04", "\x1f\x8b")):
        return True
    return len(_CONTROL.findall(head)) > max(8, len(head) // 20)


# ---------------------------------------------------------------- WARC


def _iter_warc_path(path: str, max_bytes: int) -> Iterator[Record]:
    with open(path, "rb") as fh:
        yield from _iter_warc(fh, max_bytes, path)


def _iter_warc(fh: BinaryIO, max_bytes: int, source: str) -> Iterator[Record]:
    """HTML response (and resource) records of a WARC file, gzipped per record or not."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise OSError(f"reading WARC needs warcio: pip install 'cleaner[warc]' ({exc})") from None
    for rec in ArchiveIterator(fh, arc2warc=True):
        if rec.rec_type not in ("response", "resource"):
            continue
        if rec.rec_type == "response" and rec.http_headers is not None:
            ctype = rec.http_headers.get_header("Content-Type") or ""
        else:
            ctype = rec.rec_headers.get_header("Content-Type") or ""
        if ctype.lower().split(";")[0].strip() not in _HTML_TYPES:
            continue  # images, scripts, CSS...: not pages, and not an error
        rid = rec.rec_headers.get_header("WARC-Record-ID") or ""
        rid = rid.strip("<>") or f"{source}:{rec.rec_headers.get_header('WARC-Target-URI')}"
        url = rec.rec_headers.get_header("WARC-Target-URI")
        record = Record(id=rid, url=url, name=safe_name(rid.replace("urn:uuid:", "")), source=source)
        data = rec.content_stream().read(max_bytes + 1)
        if len(data) > max_bytes:
            record.error, record.detail = "oversize", f"more than max_bytes {max_bytes}"
            yield record
            continue
        charset = re.search(r"charset=[\"']?([\w.:-]+)", ctype, re.I)
        record.html = data
        if charset:
            try:
                record.html = data.decode(charset.group(1))
            except (LookupError, UnicodeDecodeError):
                pass  # the page's own declarations and the detector decide
        yield record
