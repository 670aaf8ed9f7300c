"""End to end through the public API, with the shipped model."""

import pickle
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

import cleaner
from cleaner import spam

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def article():
    return (EXAMPLES / "news-article.html").read_bytes()


def test_realistic_page_yields_exactly_its_article(article):
    doc = cleaner.clean_html(article)
    assert doc.status == "ok"
    assert doc.text == (EXAMPLES / "news-article.txt").read_text(encoding="utf-8").strip()
    assert doc.title and "ferry terminal" in doc.title.lower()


def test_every_block_has_a_decision(article):
    doc = cleaner.clean_html(article)
    assert {b.label for b in doc.blocks} == {"body", "junk"}
    assert all(0.0 <= b.score <= 1.0 for b in doc.blocks)
    assert all((b.reason is None) == (b.label == "body") for b in doc.blocks)
    repeats = [b for b in doc.blocks if b.text == "What happens next"]
    assert [b.label for b in repeats] == ["body", "junk"]  # the classifier or duplicate-heading drops the repeat


def test_input_types_agree(article):
    from bs4 import BeautifulSoup

    text = article.decode("utf-8")
    expected = cleaner.clean_html(article).text
    assert cleaner.clean_html(text).text == expected
    assert cleaner.clean_html(etree.HTML(text)).text == expected
    assert cleaner.clean_html(BeautifulSoup(text, "html.parser")).text == expected


def test_markdown_keeps_headings(article):
    md = cleaner.clean_html(article).to_markdown()
    assert "\n\n## What happens next\n\n" in md


def test_clean_many_matches_single_calls(article):
    c = cleaner.Cleaner()
    pages = [article, b"", (b"<p>tiny</p>", "https://example.com/")]
    docs = list(c.clean_many(pages, batch_size=2))
    assert [d.text for d in docs] == [c.clean_html(p if not isinstance(p, tuple) else p[0]).text for p in pages]
    assert docs[2].url == "https://example.com/"


@pytest.mark.parametrize(
    "data, status",
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"%PDF-1.5\n\x00\x01\x02binary", "not_html"),
        (b"<html><body><!-- nothing --></body></html>", "empty"),
        (b"<html><body><nav><a href=/>Home</a> <a href=/a>About</a></nav></body></html>", "no_main_content"),
    ],
)
def test_status_names_the_problem(data, status):
    assert cleaner.clean_html(data).status == status


def test_a_page_with_no_blocks_keeps_its_title():
    html = b"<html><head><title>Beatrice Rug | Rugs Inc</title></head><body><div id=app></div></body></html>"
    doc = cleaner.clean_html(html)
    assert doc.status == "empty" and doc.text == ""
    assert doc.title == "Beatrice Rug"  # what the page calls itself, without the site's name


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="bytes, str"):
        cleaner.clean_html(42)


def test_cleaner_pickles_and_keeps_options(article):
    c = cleaner.Cleaner(preset="precision")
    clone = pickle.loads(pickle.dumps(c))
    assert clone.options == c.options
    assert clone.clean_html(article).text == c.clean_html(article).text


def test_options_are_frozen():
    with pytest.raises(AttributeError):
        cleaner.Options().threshold = 0.3


def test_truncation_is_reported(article):
    doc = cleaner.Cleaner(max_blocks=5).clean_html(article)
    assert doc.truncated and len(doc.blocks) == 5
    assert doc.status in ("truncated", "no_main_content")


def test_explicit_threshold_extremes(article):
    everything = cleaner.Cleaner(threshold=0.0).clean_html(article)
    assert all(b.label == "body" or b.reason in ("title", "duplicate", *spam.STEPS) for b in everything.blocks)
    assert cleaner.Cleaner(threshold=1.01).clean_html(article).status == "no_main_content"


def _stump(left: float, right: float):
    """A one-split tree on feature 0 (<= 0.5 goes left), leaves adding `left` or `right` to the log-odds."""
    from cleaner.model import TreeEnsemble

    return TreeEnsemble(
        feature=np.zeros(3, dtype=np.int32),
        threshold=np.array([0.5, np.inf, np.inf]),
        missing_left=np.ones(3, dtype=bool),
        left=np.array([1, 1, 2], dtype=np.int32),
        right=np.array([2, 1, 2], dtype=np.int32),
        value=np.array([0.0, left, right]),
        roots=np.zeros(1, dtype=np.int32),
        depth=1,
        baseline=0.0,
    )


def test_second_stage_scores_only_blocks_the_first_has_not_settled():
    from cleaner.model import Model
    from cleaner.pipeline import score_pages
    from cleaner.segment import parse, segment

    seg = segment(parse("<p>One.</p><p>Two.</p><p>Three.</p>"))
    X = np.array([[0.0], [1.0], [0.0]])
    first, second = _stump(-10.0, 0.0), _stump(2.0, 2.0)  # stage 1: junk for sure, or a coin; stage 2: 0.88
    settled, rescored = first.predict_proba(np.array([[0.0]]))[0], 1 / (1 + np.exp(-2.0))
    (scores,) = score_pages(Model((first, second), {}, settled_junk=0.01), [seg], [X])
    assert scores.tolist() == pytest.approx([settled, rescored, settled])
    (scores,) = score_pages(Model((first, second), {}), [seg], [X])  # a stage 2 trained on every block
    assert scores.tolist() == pytest.approx([rescored] * 3)
