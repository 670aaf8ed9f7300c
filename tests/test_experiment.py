"""The seed-paired out-of-fold experiment: what it counts, and how it pairs two runs."""

import numpy as np
import pytest

pytest.importorskip("sklearn")

from cleaner.train import experiment  # noqa: E402
from cleaner.train import fit as fitting  # noqa: E402
from cleaner.train.own_data import DATA_DIR, augment, iter_own_pages  # noqa: E402


@pytest.fixture
def tiny(monkeypatch):
    monkeypatch.setattr(fitting, "PARAMS", {**fitting.PARAMS, "max_iter": 6, "min_samples_leaf": 5})
    monkeypatch.setattr(fitting, "STAGE1_PARAMS", {"max_iter": 3})
    records = list(iter_own_pages(DATA_DIR))
    records += list(augment(records[:3], DATA_DIR / "templates", seed=1))
    return fitting.label_pages(records), {r["id"]: r["text"] for r in records}


def test_cross_validate_gives_the_scores_fit_reports(tiny):
    pages, _ = tiny
    _, honest = fitting.fit(pages, seed=5)
    assert np.array_equal(fitting.cross_validate(pages, seed=5), honest)


def test_figures_leave_out_synthetic_pages_and_group_by_dataset_and_type(tiny):
    pages, gold = tiny
    (result,) = experiment.run(pages, gold, [5], jobs=1)
    names = list(result["groups"])
    assert names[0] == "all real" and "own" in names and "own:forum" in names
    assert not any(name.startswith("augmented") for name in names)
    assert any(page_id.startswith("augmented:") for page_id in result["pages"])  # scored, not counted
    real = [f1 for page_id, f1 in result["pages"].items() if not page_id.startswith("augmented:")]
    assert result["groups"]["all real"][0] == pytest.approx(np.mean(real))


def test_seeds_side_by_side_give_what_they_give_one_after_the_other(tiny):
    pages, gold = tiny
    parallel = experiment.run(pages, gold, [5, 6], jobs=2)
    assert [r["seed"] for r in parallel] == [5, 6]
    for result, seed in zip(parallel, (5, 6)):
        (alone,) = experiment.run(pages, gold, [seed], jobs=1)
        assert result["pages"] == alone["pages"] and result["groups"] == alone["groups"]


def test_page_scores_run_the_pipelines_clean_up(tiny):
    pages, gold = tiny
    honest = np.ones(sum(len(p.y) for p in pages))  # every block body: only the clean-up can drop one
    reasons = set()
    experiment.page_scores(pages, honest, gold)
    for page in pages:
        reasons |= {b.reason for b in page.seg.blocks if b.label == "junk"}
    assert "title" in reasons and "duplicate-heading" in reasons


def _result(seed: int, f1: float) -> dict:
    return {"seed": seed, "groups": {"all real": [f1, f1, f1], "wcxb": [f1 - 0.1, 0, 0]}, "pages": {}}


def test_report_pairs_runs_seed_by_seed():
    base = [_result(1, 0.80), _result(2, 0.90)]
    new = [_result(1, 0.81), _result(2, 0.93), _result(3, 0.5)]
    text = experiment.report(new, base)
    assert "| all real | 0.8100 | 0.9300 | 0.5000 | 0.7467 |" in text
    assert "| all real | +0.0100 | +0.0300 | +0.0200 | 0.0100 |" in text  # seed 3 has no pair
    with pytest.raises(SystemExit, match="share no seed"):
        experiment.report([_result(4, 0.8)], base)


def test_redraw_trains_with_other_draws_reported_under_the_same_seeds(tiny):
    pages, gold = tiny
    (redrawn,) = experiment.run(pages, gold, [5], jobs=1, redraw=1)
    (plain,) = experiment.run(pages, gold, [5], jobs=1)
    (other,) = experiment.run(pages, gold, [6], jobs=1)
    assert redrawn["seed"] == 5  # pairs with a run of seed 5 in --compare
    assert redrawn["pages"] == other["pages"] and redrawn["pages"] != plain["pages"]
