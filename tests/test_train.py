"""A tiny training run on the project's own pages: the whole training path works end to end."""

import numpy as np
import pytest

pytest.importorskip("sklearn")

import cleaner  # noqa: E402
from cleaner.model import load  # noqa: E402
from cleaner.train import fit as fitting  # noqa: E402
from cleaner.train.own_data import DATA_DIR, iter_own_pages  # noqa: E402


def test_tiny_training_run_makes_a_usable_model(tmp_path, monkeypatch):
    monkeypatch.setattr(fitting, "PARAMS", {**fitting.PARAMS, "max_iter": 8, "min_samples_leaf": 5})
    monkeypatch.setattr(fitting, "STAGE1_PARAMS", {"max_iter": 3})
    records = list(iter_own_pages(DATA_DIR))
    pages = fitting.label_pages(records)
    assert len(pages) >= 10 and all(p.y.any() for p in pages)
    model, honest = fitting.fit(pages, seed=1)
    assert [len(stage.roots) for stage in model.stages] == [3, 8]  # a tree per boosting round
    assert len(honest) == sum(len(p.y) for p in pages)
    assert 0.5 < model.meta["cv_page_f1"] <= 1.0

    path = tmp_path / "tiny.npz"
    digest = model.save(path)
    assert load(path, digest).meta["feature_names"] == model.meta["feature_names"]
    doc = cleaner.Cleaner(model=path, trust_model=True).clean_html(records[0]["html"])
    assert doc.status in ("ok", "no_main_content") and len(doc.blocks) > 0


def test_training_is_reproducible(monkeypatch):
    monkeypatch.setattr(fitting, "PARAMS", {**fitting.PARAMS, "max_iter": 4, "min_samples_leaf": 5})
    monkeypatch.setattr(fitting, "STAGE1_PARAMS", {})
    pages = fitting.label_pages(list(iter_own_pages(DATA_DIR))[:9])
    first, _ = fitting.fit(pages, seed=3)
    second, _ = fitting.fit(pages, seed=3)
    for a, b in zip(first.stages, second.stages):
        assert (a.threshold == b.threshold).all() and (a.value == b.value).all()


def test_pages_with_nothing_to_keep_are_labelled_all_junk():
    from cleaner.train.own_data import iter_empty_pages

    records = list(iter_empty_pages(DATA_DIR))
    assert len(records) >= 5
    pages = fitting.label_pages(records)
    assert len(pages) == len(records) and not any(p.y.any() for p in pages)
    # scored as the benchmark scores them: keeping nothing is right, keeping anything is wrong
    nothing = np.zeros(sum(len(p.y) for p in pages))
    assert fitting.page_f1(pages, nothing) == 1.0
    assert fitting.page_f1(pages, nothing + 0.9) == 0.0
