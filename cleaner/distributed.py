"""Cleaning a corpus on a Dask cluster (optional: `pip install "cleaner[dask]"`).

>>> from dask.distributed import Client
>>> from cleaner.distributed import clean_bag
>>> client = Client("tcp://scheduler:8786")             # or LocalCluster() for one machine
>>> bag = clean_bag(["s3://crawl/a.warc.gz", ...])       # one partition per file
>>> bag.map(json.dumps).to_textfiles("out/*.jsonl")     # or bag.compute()

Each worker process loads the model once (a cache per process, keyed by the `Options`) and
cleans its partition in chunks with `Cleaner.clean_many`. Records come out as the dicts of
`cleaner clean -o out.jsonl` (`id`, `url`, `title`, `text`, `status`, and `blocks` with
`blocks=True`); a bad record is a dict with `status` "error", `error` (its kind) and `detail`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from cleaner.corpus import SiteTemplates, Spec, chunked, clean_records
from cleaner.pipeline import Cleaner, Options
from cleaner.readers import Fields, Record, iter_records, record_from_object

_CLEANERS: dict[Options, Cleaner] = {}


def worker_cleaner(options: Options) -> Cleaner:
    """This process's Cleaner for `options`: made, and its model loaded, once per worker."""
    cleaner = _CLEANERS.get(options)
    if cleaner is None:
        cleaner = _CLEANERS[options] = Cleaner(options)
    return cleaner


def _to_record(item: Any, fields: Fields, max_bytes: int, index: int) -> Record:
    if isinstance(item, Record):
        return item
    if isinstance(item, (str, bytes)):
        return Record(id=str(index), html=item, name=str(index))
    if isinstance(item, tuple) and len(item) == 2:
        return Record(id=str(index), html=item[0], url=item[1], name=str(index))
    if isinstance(item, dict):
        return record_from_object(item, fields, max_bytes, "bag", str(index))
    return Record(id=str(index), error="bad_record", detail=f"a {type(item).__name__}, not a page")


def _as_dict(result: Any) -> dict:
    if result.error:
        return {"id": result.id, "url": result.url, "status": "error", "error": result.error, "detail": result.detail}
    return json.loads(result.payload)


def _clean(records: Iterable[Record], options: Options, spec: Spec, templates: SiteTemplates | None) -> list[dict]:
    cleaner = worker_cleaner(options)
    out: list[dict] = []
    for chunk in chunked(records, 16):
        out.extend(_as_dict(r) for r in clean_records(cleaner, chunk, spec, templates))
    return out


def _clean_items(items: Iterable[Any], options: Options, spec: Spec, fields: Fields, templates) -> list[dict]:
    records = (_to_record(item, fields, options.max_bytes, i) for i, item in enumerate(items))
    return _clean(records, options, spec, templates)


def _clean_paths(paths: Iterable[str], options: Options, spec: Spec, fields: Fields, templates) -> list[dict]:
    return _clean(iter_records(list(paths), fields, options.max_bytes), options, spec, templates)


def clean_bag(
    source: Any,
    options: Options | None = None,
    *,
    blocks: bool = False,
    fields: Fields | None = None,
    templates: SiteTemplates | None = None,
):
    """A dask bag of cleaned records.

    `source` is a list of paths (HTML files, folders, JSON Lines or WARC files: one partition
    each, so a crawl's WARC files spread over the workers), or a `dask.bag.Bag` of pages:
    dicts with `id`/`url`/`html` (names from `fields`), `(html, url)` tuples, or HTML strings/bytes.
    `templates`, if given (a fitted `SiteTemplates`), relabels site boilerplate in every partition.
    """
    import dask.bag as db

    options = options or Options()
    fields = fields or Fields()
    spec = Spec(format="jsonl", blocks=blocks)
    if isinstance(source, db.Bag):
        return source.map_partitions(_clean_items, options, spec, fields, templates)
    if isinstance(source, (str, bytes)) or not isinstance(source, Sequence):
        raise TypeError("clean_bag expects a dask.bag.Bag or a list of paths")
    paths = [str(p) for p in source]
    bag = db.from_sequence(paths, npartitions=max(len(paths), 1))
    return bag.map_partitions(_clean_paths, options, spec, fields, templates)


__all__ = ["clean_bag", "worker_cleaner"]
