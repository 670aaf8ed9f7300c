import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.model import Model, ModelError, load

sklearn = pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def fitted():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 5))
    X[rng.random(X.shape) < 0.05] = np.nan  # missing values must route as sklearn routes them
    y = (np.nan_to_num(X[:, 0]) + np.nan_to_num(X[:, 1]) ** 2 > 0.5).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=30, max_depth=4, random_state=0).fit(X, y)
    return clf, X


def test_exported_trees_predict_exactly_like_sklearn(fitted):
    from cleaner.train.fit import export

    clf, X = fitted
    np.testing.assert_allclose(export(clf).predict_proba(X), clf.predict_proba(X)[:, 1], rtol=1e-9)


def test_unrolled_walk_matches_the_node_array_walk_bit_for_bit(fitted, monkeypatch):
    import cleaner.model
    from cleaner.train.fit import export

    clf, X = fitted
    unrolled = export(clf)
    assert unrolled._unrolled is not None
    monkeypatch.setattr(cleaner.model, "_MAX_UNROLLED_SLOTS", 0)
    nodes = export(clf)
    assert nodes._unrolled is None
    np.testing.assert_array_equal(unrolled.raw_scores_numpy(X), nodes.raw_scores_numpy(X))


def test_exported_trees_predict_exactly_like_sklearn_without_the_compiled_walk(fitted, monkeypatch):
    import cleaner.model
    from cleaner.train.fit import export

    monkeypatch.setattr(cleaner.model, "_trees", None)
    clf, X = fitted
    np.testing.assert_allclose(export(clf).predict_proba(X), clf.predict_proba(X)[:, 1], rtol=1e-9)


compiled = pytest.importorskip("cleaner.model")._trees
needs_compiled = pytest.mark.skipif(compiled is None, reason="the install could not build cleaner._trees")


@needs_compiled
def test_compiled_walk_matches_the_numpy_walk(fitted):
    from cleaner.train.fit import export

    clf, X = fitted
    trees = export(clf)
    np.testing.assert_allclose(trees.raw_scores(X), trees.raw_scores_numpy(X), rtol=0, atol=1e-12)


@needs_compiled
@given(st.lists(st.sampled_from([0.0, -1.5, 0.3, 2.0, np.nan, np.inf, -np.inf, 1e300]), min_size=5, max_size=50))
@settings(max_examples=50, deadline=None)
def test_compiled_walk_matches_the_numpy_walk_on_any_values(fitted, values):
    from cleaner.train.fit import export

    clf, _ = fitted
    trees = export(clf)
    X = np.resize(np.array(values), (len(values), 5))
    np.testing.assert_allclose(trees.raw_scores(X), trees.raw_scores_numpy(X), rtol=0, atol=1e-12)


def node_array_walk(trees, X):
    """The walk the compiled one must equal bit for bit: each row's trees in order, one at a
    time, from the baseline, each stopping at its leaf or after `depth` steps."""
    out = []
    for row in X:
        total = trees.baseline
        for node in trees.roots:
            for _ in range(trees.depth):
                if trees.left[node] == node and trees.right[node] == node:
                    break
                x = row[trees.feature[node]]
                go_right = not trees.missing_left[node] if np.isnan(x) else x > trees.threshold[node]
                node = trees.right[node] if go_right else trees.left[node]
            total += trees.value[node]
        out.append(total)
    return np.array(out)


@needs_compiled
@pytest.mark.parametrize("depth", [None, 2, 0])
def test_compiled_walk_matches_the_node_array_walk_bit_for_bit(fitted, depth):
    """Also with the walk cut short of the leaves (`depth` below the trees'): packed, the node
    reached there becomes a leaf."""
    from dataclasses import replace

    from cleaner.train.fit import export

    clf, X = fitted
    trees = export(clf)
    trees = trees if depth is None else replace(trees, depth=depth)
    assert trees._packed() is not None
    np.testing.assert_array_equal(trees.raw_scores(X), node_array_walk(trees, X))


@needs_compiled
def test_compiled_walk_refuses_indices_outside_the_arrays(fitted):
    from cleaner.train.fit import export

    clf, X = fitted
    trees = export(clf)
    packed, roots = (a.copy() for a in trees._packed())
    out = np.empty(len(X))
    compiled.raw_scores(compiled.pack(packed, roots), X, X.shape[1], trees.baseline, out)
    with pytest.raises(ValueError, match="outside"):  # a node reads past a narrower row
        compiled.raw_scores(compiled.pack(packed, roots), X[:, :-1].copy(), X.shape[1] - 1, trees.baseline, out)
    with pytest.raises(ValueError, match="one double per row"):
        compiled.raw_scores(compiled.pack(packed, roots), X, X.shape[1], trees.baseline, out[1:])
    with pytest.raises(ValueError):  # not a walk `pack` made
        compiled.raw_scores(packed, X, X.shape[1], trees.baseline, out)
    split = np.flatnonzero(packed["left"])[0]
    packed["feature"][split] = -1  # a node reads before the row
    with pytest.raises(ValueError, match="outside"):
        compiled.pack(packed, roots)
    packed["feature"][split], packed["right"][split] = 0, len(packed)  # a node points past the tree
    with pytest.raises(ValueError, match="outside"):
        compiled.pack(packed, roots)
    packed["right"][split] = 0  # a node that loops
    with pytest.raises(ValueError, match="outside"):
        compiled.pack(packed, roots)
    packed, roots = (a.copy() for a in trees._packed())
    walk = compiled.pack(packed, roots)
    packed[:], roots[:] = 0, len(packed)  # the walk keeps its own copy of the checked nodes
    compiled.raw_scores(walk, X, X.shape[1], trees.baseline, out)
    np.testing.assert_array_equal(out, trees.raw_scores(X))


def test_trees_the_packed_records_cannot_hold_walk_with_numpy(fitted):
    from cleaner.model import TreeEnsemble

    _, X = fitted
    chain = np.arange(1, 7, dtype=np.int32)
    chain[-1] = 5  # nodes 0-4 send both ways to the next, node 5 is a leaf: 32 paths to 6 nodes
    trees = TreeEnsemble(
        feature=np.zeros(6, dtype=np.int32), threshold=np.linspace(-1, 1, 6), missing_left=np.ones(6, dtype=bool),
        left=chain, right=chain.copy(), value=np.arange(6.0), roots=np.zeros(1, dtype=np.int32), depth=8, baseline=0.5,
    )  # fmt: skip
    assert trees._packed() is None
    np.testing.assert_array_equal(trees.raw_scores(X), node_array_walk(trees, X))


def test_save_load_round_trip_and_digest(tmp_path, fitted):
    from cleaner.train.fit import export

    clf, X = fitted
    model = Model((export(clf),), {"thresholds": {"balanced": 0.5}}, settled_junk=0.01)
    digest = model.save(tmp_path / "m.npz")
    loaded = load(tmp_path / "m.npz", sha256=digest)
    np.testing.assert_array_equal(loaded.stages[0].predict_proba(X), model.stages[0].predict_proba(X))
    assert loaded.meta == {"thresholds": {"balanced": 0.5}}
    assert loaded.settled_junk == 0.01
    with pytest.raises(ModelError, match="SHA-256"):
        load(tmp_path / "m.npz", sha256="0" * 64)


def test_corrupt_and_foreign_files_give_clear_errors(tmp_path, fitted):
    from cleaner.train.fit import export

    path = tmp_path / "m.npz"
    Model((export(fitted[0]),), {}).save(path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ModelError, match="not a readable cleaner model"):
        load(path)
    with pytest.raises(ModelError, match="cannot read model"):
        load(tmp_path / "missing.npz")


@pytest.mark.parametrize("value", [1.0, -0.1, "0.01", True, None])
def test_a_settled_junk_that_is_no_probability_is_refused(tmp_path, fitted, value):
    from cleaner.train.fit import export

    path = tmp_path / "m.npz"
    Model((export(fitted[0]),), {}, settled_junk=value).save(path)
    with pytest.raises(ModelError, match="settled_junk"):
        load(path)


def test_pickles_are_refused(tmp_path):

    path = tmp_path / "evil.npz"
    np.savez(path, header=np.array([{"format": "x"}], dtype=object))
    with pytest.raises(ModelError):
        load(path)


def test_shipped_model_loads_and_is_small():
    from cleaner.model import DEFAULT_MODEL, load_default

    model = load_default()
    assert DEFAULT_MODEL.stat().st_size < 10_000_000
    assert 0.5 < model.meta["cv_page_f1"] <= 1.0
    from cleaner.features import feature_names

    assert model.meta["feature_names"] == feature_names()
