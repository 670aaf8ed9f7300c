"""Reading the shared benchmark datasets (JSON Lines, gzip) and their data terms."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

#: The only splits a shipped model may learn from (../shared/datasets/README.md, "Data terms").
TRAINABLE = (("wcxb", "train"), ("readability", "train"))

#: Every dataset's evaluation split.
DEV_DATASETS = ("wcxb", "readability", "dragnet", "cleaneval", "l3s-gn1", "cleanportaleval", "aeb")

#: Datasets the shipped model never sees, not even a train split: the honest generalisation test.
UNSEEN = ("dragnet", "cleaneval", "l3s-gn1", "cleanportaleval", "aeb")


def iter_split(root: str | Path, dataset: str, split: str) -> Iterator[dict]:
    """Yield the records of one split, in file order (sorted by id)."""
    path = Path(root) / dataset / f"{split}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)
