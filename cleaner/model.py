"""Step 4: the block classifier, stored as plain arrays.

The model is trained with scikit-learn (see `cleaner.train`) and exported to a `.npz`
file of tree arrays plus a JSON header. Loading reads numbers only (`allow_pickle=False`),
so a model file can never run code, and a scikit-learn upgrade cannot break a shipped
model: prediction is the few lines of numpy below, not an unpickled estimator, or the same
walk compiled (`cleaner/_trees.c`, built at install where a C compiler is there).
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from cleaner._extensions import optional

_trees = optional("_trees")  # the tree walk compiled (see _trees.c)

FORMAT = "cleaner-trees/1"
DEFAULT_MODEL = Path(__file__).parent / "models" / "default.npz"
#: SHA-256 of the shipped model; checked before it is used so a damaged install fails loudly.
DEFAULT_MODEL_SHA256_FILE = DEFAULT_MODEL.with_suffix(".sha256")


# Rows walked together: enough to spread numpy's per-call cost over many rows, few enough that the
# (rows x trees) index arrays stay in cache; 384 to 1024 measured fastest (128: 20% slower).
_ROWS_PER_STEP = 512
_MAX_UNROLLED_SLOTS = 1 << 20  # deeper ensembles walk the node arrays instead (see `_Unrolled`)
# A packed node (see `TreeEnsemble._packed`), laid out as `struct node` in _trees.c.
_PACKED = np.dtype([("split", "<f8"), ("feature", "<i4"), ("left", "<i2"), ("right", "<i2")])
_NAN_RIGHT = 1 << 30  # flag in a split's `feature`: a missing value goes right
_MAX_STEP = np.iinfo(np.int16).max  # the furthest a packed node's `right` step reaches


class ModelError(ValueError):
    """A model file that cannot be used: missing, corrupt, or made for other features."""


@dataclass(frozen=True, eq=False)
class TreeEnsemble:
    """A gradient-boosted tree ensemble for binary classification, as flat node arrays.

    Nodes of all trees are concatenated; `roots` indexes each tree's first node. A leaf
    points to itself, so every sample can take the same number of steps.
    """

    feature: np.ndarray  # int32 per node
    threshold: np.ndarray  # float64 per node: go left when x <= threshold
    missing_left: np.ndarray  # bool per node: where NaN goes
    left: np.ndarray  # int32 per node, global index
    right: np.ndarray  # int32 per node, global index
    value: np.ndarray  # float64 per node, leaf contribution to the log-odds
    roots: np.ndarray  # int32 per tree
    depth: int
    baseline: float

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probability that each row is body text."""
        return 1.0 / (1.0 + np.exp(-self.raw_scores(X)))

    def raw_scores(self, X: np.ndarray) -> np.ndarray:
        """Log-odds of body text per row: compiled where the install built `cleaner._trees`."""
        if not len(X) or self._walk is None:
            return self.raw_scores_numpy(X)
        X = np.ascontiguousarray(X, dtype=np.float64)
        out = np.empty(len(X))
        _trees.raw_scores(self._walk, X, X.shape[1], self.baseline, out)
        return out

    @cached_property
    def _walk(self) -> object | None:
        """`_packed()` checked and copied once by the compiled walk, which keeps its own copy; None without it."""
        if _trees is None or (packed := self._packed()) is None:
            return None
        return _trees.pack(*packed)

    def _packed(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The trees as `_trees.pack` takes them: packed nodes, and each tree's first one.

        One record per node a walk can reach, each tree depth first: a split holds its threshold,
        its column (plus `_NAN_RIGHT` where a missing value goes right) and the number of records
        to its left and right child; a leaf holds its value and steps 0 and 0. A node the
        node-array walk reaches after `depth` steps becomes a leaf with that node's value, so
        both walks end on the same values. None for trees the records cannot hold (a subtree
        over 32767 nodes, a node on several paths); those walk with numpy.
        """
        n = len(self.feature)
        if any(((a < 0) | (a >= n)).any() for a in (self.left, self.right, self.roots)):
            raise ValueError("tree arrays: a node points outside the tree")
        if ((self.feature < 0) | (self.feature >= _NAN_RIGHT)).any():
            raise ValueError("tree arrays: a node points outside the row")
        records: list[tuple[float, int, int, int]] = []
        roots = []

        def add(node: int, level: int) -> None:
            if len(records) > n:
                raise OverflowError  # a node on several paths
            if level == self.depth or (self.left[node] == node and self.right[node] == node):
                records.append((self.value[node], 0, 0, 0))
                return
            at = len(records)
            feature = int(self.feature[node]) | (0 if self.missing_left[node] else _NAN_RIGHT)
            records.append((self.threshold[node], feature, 1, 0))
            add(int(self.left[node]), level + 1)
            if len(records) - at > _MAX_STEP:
                raise OverflowError  # a subtree the int16 step cannot cross
            records[at] = (self.threshold[node], feature, 1, len(records) - at)  # the right child comes next
            add(int(self.right[node]), level + 1)

        try:
            for root in self.roots.tolist():
                roots.append(len(records))
                add(root, 0)
            return np.array(records, dtype=_PACKED), np.array(roots, dtype=np.int32)
        except OverflowError:
            return None

    def raw_scores_numpy(self, X: np.ndarray) -> np.ndarray:
        """Log-odds of body text per row, walked with numpy.

        All rows walk all trees at once, one level per step, through flat gathers: the
        row-major offset of (row, feature) into X, and the next node by index arithmetic
        (in the unrolled heaps) or through `_children` (right child = left child's slot + 1).
        """
        n, width = X.shape
        if n > _ROWS_PER_STEP:
            return np.concatenate(
                [self.raw_scores_numpy(X[i : i + _ROWS_PER_STEP]) for i in range(0, n, _ROWS_PER_STEP)]
            )
        if n == 0:
            return np.zeros(0)
        missing = np.isnan(X)
        has_missing = bool(missing.any())
        flat = np.where(missing, 0.0, X).ravel() if has_missing else X.ravel()
        offsets = (np.arange(n) * width)[:, None]
        unrolled = self._unrolled
        trees = unrolled or self
        node = np.tile(trees.roots, (n, 1))  # C order, so each row sums its trees in the same order as ever
        for _ in range(self.depth):
            at = trees.feature.take(node) + offsets
            go_right = flat.take(at) > trees.threshold.take(node)
            if has_missing:
                go_right = np.where(missing.ravel().take(at), ~trees.missing_left.take(node), go_right)
            if unrolled:
                node <<= 1
                node += go_right
            else:
                node = self._children.take(2 * node + go_right)
        return self.baseline + trees.value.take(node).sum(axis=1)

    @cached_property
    def _unrolled(self) -> _Unrolled | None:
        """The trees as heaps (see `_Unrolled`); None when they are too deep for that to pay."""
        if (2 * len(self.roots)) << self.depth > _MAX_UNROLLED_SLOTS:
            return None
        return _Unrolled.of(self)

    @cached_property
    def _children(self) -> np.ndarray:
        """Left and right child of every node, interleaved: node i's are at 2i and 2i + 1."""
        return np.column_stack([self.left, self.right]).ravel()


@dataclass(frozen=True, eq=False)
class _Unrolled:
    """The trees as complete binary heaps in one array, so a step down is `slot = 2 * slot + go_right`.

    Tree t's root sits at slot `base + t`, with `base` the power of two at or above the
    number of trees: level k of all trees then lies in [base << k, (base + trees) << k),
    and levels never overlap. Each slot holds a copy of the node the node-array walk
    reaches by that left/right path (a leaf points to itself, so it fills its subtree),
    which makes the result identical to that walk, minus one gather per level.
    """

    roots: np.ndarray  # int64 slot of each tree's root
    feature: np.ndarray  # int64 per slot
    threshold: np.ndarray  # float64 per slot
    missing_left: np.ndarray  # bool per slot
    value: np.ndarray  # float64 per slot; only the last level's are read

    @classmethod
    def of(cls, trees: TreeEnsemble) -> _Unrolled:
        n_trees = len(trees.roots)
        base = 1 << (n_trees - 1).bit_length()
        size = (base + n_trees) << trees.depth
        feature, threshold = np.zeros(size, dtype=np.int64), np.zeros(size)
        missing_left, value = np.zeros(size, dtype=bool), np.zeros(size)
        nodes = trees.roots.astype(np.int64)[:, None]  # (trees, 2**level): the node in each slot of the level
        for level in range(trees.depth + 1):
            slots = ((base + np.arange(n_trees)[:, None]) << level) + np.arange(1 << level)
            feature[slots], threshold[slots] = trees.feature[nodes], trees.threshold[nodes]
            missing_left[slots], value[slots] = trees.missing_left[nodes], trees.value[nodes]
            nodes = np.stack([trees.left[nodes], trees.right[nodes]], axis=-1).reshape(n_trees, -1)
        return cls(base + np.arange(n_trees), feature, threshold, missing_left, value)


_ARRAYS = ("feature", "threshold", "missing_left", "left", "right", "value", "roots")


@dataclass(frozen=True, eq=False)
class Model:
    """The shipped classifier: stage 1 reads the block features; stage 2 reads them plus
    stage 1's scores around each block (see `cleaner.features.score_context`).

    Blocks stage 1 scores under `settled_junk` keep that score: stage 2 is not run on
    them (0, as in models written before it existed: stage 2 rescores every block).
    """

    stages: tuple[TreeEnsemble, ...]
    meta: dict  # feature names, thresholds per preset, training provenance
    settled_junk: float = 0.0

    def reads(self, feature_names: list[str], context_names: list[str]) -> bool:
        """Whether the model was trained on exactly these columns: its trees read them by position,
        so a model made for other features (or another score context) would misread every row."""
        same_context = len(self.stages) < 2 or self.meta.get("context_names") == context_names
        return self.meta.get("feature_names") == feature_names and same_context

    def save(self, path: str | Path) -> str:
        """Write the model; returns its SHA-256."""
        header = {
            "format": FORMAT,
            **self.meta,
            "settled_junk": self.settled_junk,
            "stages": [{"depth": s.depth, "baseline": s.baseline} for s in self.stages],
        }
        arrays = {f"s{i}_{name}": getattr(stage, name) for i, stage in enumerate(self.stages) for name in _ARRAYS}
        path = Path(path)
        with path.open("wb") as fh:
            np.savez_compressed(fh, header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8), **arrays)
        return hashlib.sha256(path.read_bytes()).hexdigest()


def load(path: str | Path, sha256: str | None = None) -> Model:
    """Read a model file; with `sha256`, refuse a file whose digest differs."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model {path}: {exc}") from exc
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise ModelError(f"model {path} does not match its recorded SHA-256: the file is damaged or was replaced")
    needs = f"a {FORMAT} model file (written by Model.save / `python -m cleaner.train`)"
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            header = json.loads(npz["header"].tobytes().decode())
            if not isinstance(header, dict):
                raise ModelError(f"model {path} has no model header; cleaner needs {needs}")
            if header.get("format") != FORMAT:
                made_with = f", made with cleaner {header['cleaner']}" if "cleaner" in header else ""
                raise ModelError(
                    f"model {path} has format {header.get('format')!r}{made_with}; this version of cleaner "
                    f"reads {FORMAT} only: retrain the model, or use the cleaner version that made it"
                )
            stages = tuple(
                TreeEnsemble(
                    **{name: npz[f"s{i}_{name}"] for name in _ARRAYS},
                    depth=int(stage["depth"]),
                    baseline=float(stage["baseline"]),
                )
                for i, stage in enumerate(header.pop("stages"))
            )
    except ModelError:
        raise
    except Exception as exc:  # numpy raises many types on truncated or foreign files
        raise ModelError(
            f"model {path} is not a readable cleaner model ({type(exc).__name__}: {exc}); cleaner needs {needs}"
        ) from exc
    header.pop("format")
    settled_junk = header.pop("settled_junk", 0.0)
    problem = _check_stages(stages, header) or _check_settled_junk(settled_junk)
    if problem:
        raise ModelError(f"model {path} is damaged ({problem}); cleaner needs {needs}")
    return Model(stages, header, float(settled_junk))


def _check_stages(stages: tuple[TreeEnsemble, ...], meta: dict) -> str | None:
    """What is wrong with the tree arrays, so that a damaged file fails here, not mid-prediction."""
    if not stages:
        return "no tree stages"
    n_features = len(meta["feature_names"]) if isinstance(meta.get("feature_names"), list) else None
    n_context = len(meta.get("context_names") or [])
    for i, stage in enumerate(stages):
        n = len(stage.feature)
        arrays = [getattr(stage, name) for name in _ARRAYS]
        if any(a.ndim != 1 for a in arrays) or any(len(a) != n for a in arrays[:-1]) or n == 0:
            return f"stage {i}: node arrays of different shapes"
        if any(a.dtype.kind not in "iu" for a in (stage.feature, stage.left, stage.right, stage.roots)):
            return f"stage {i}: node indices are not integers"
        if any(a.dtype.kind not in "fiub" for a in (stage.threshold, stage.value, stage.missing_left)):
            return f"stage {i}: node values are not numbers"
        if not len(stage.roots) or any(((a < 0) | (a >= n)).any() for a in (stage.left, stage.right, stage.roots)):
            return f"stage {i}: a node points outside the tree"
        if not 0 <= stage.depth <= 64 or not np.isfinite(stage.baseline):
            return f"stage {i}: depth {stage.depth} or baseline {stage.baseline} out of range"
        width = None if n_features is None else n_features + i * n_context
        if (stage.feature < 0).any() or (width is not None and (stage.feature >= width).any()):
            return f"stage {i}: a node reads a feature this model does not have"
    return None


def _check_settled_junk(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        return f"settled_junk {value!r} is not a probability below 1"
    return None


@lru_cache(maxsize=1)
def load_default() -> Model:
    """The shipped model, verified against its recorded digest, loaded once per process."""
    return load(DEFAULT_MODEL, DEFAULT_MODEL_SHA256_FILE.read_text().split()[0])
