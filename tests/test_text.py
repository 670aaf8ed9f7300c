"""Plain-text mode: sniffing, the text segmenter, text features, the shipped text model, fixtures."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

import cleaner
from cleaner import text as textmode
from cleaner.model import load

FIXTURES = Path(__file__).parent / "fixtures" / "text"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt") if not p.stem.endswith(".expected"))


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_sniff():
    assert textmode.looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert textmode.looks_like_html(b"<div class='a'>text</div>")
    assert textmode.looks_like_html("  <p>Just a paragraph</p>")
    assert not textmode.looks_like_html("Plain text with a < sign and x > y, no tags.")
    assert not textmode.looks_like_html(read("news-en.txt"))
    assert textmode.looks_like_html(read("news-en.html"))


def test_segment_lines_and_paragraphs():
    seg = textmode.segment_text("Title\n\nFirst paragraph here.\nSecond line\r\n\r\n\n- a list item\n1. numbered\n")
    assert [b.text for b in seg.blocks] == [
        "Title",
        "First paragraph here.",
        "Second line",
        "- a list item",
        "1. numbered",
    ]
    assert [b.kind for b in seg.blocks][-2:] == ["list_item", "list_item"]
    assert seg.gap_before == [True, True, False, True, False]
    assert not seg.wrapped


def test_segment_rejoins_hard_wrapped_lines():
    seg = textmode.segment_text(read("wrapped-en.txt"))
    assert seg.wrapped
    texts = [b.text for b in seg.blocks]
    assert texts[0] == "Notes on keeping bees in a small garden"
    assert texts[1:] == read("wrapped-en.expected.txt").splitlines()
    assert "well-fed" in texts[3]


def test_segment_one_block_per_line_is_not_rejoined():
    seg = textmode.segment_text(read("news-en.txt"))
    assert not seg.wrapped
    assert len(seg.blocks) == len(read("news-en.txt").splitlines())


def test_segment_markdown_headings_and_limits():
    seg = textmode.segment_text("# Big title\n\nSome text.\n\n## Part two ##\n")
    assert [(b.text, b.kind, b.tag) for b in seg.blocks if b.kind == "heading"] == [
        ("Big title", "heading", "h1"),
        ("Part two", "heading", "h2"),
    ]
    seg = textmode.segment_text("\n".join(f"line {i}" for i in range(50)), max_blocks=10)
    assert len(seg.blocks) == 10 and seg.truncated
    assert textmode.segment_text("").blocks == []
    assert textmode.segment_text("\x00\u200b \n\t\n").blocks == []


def test_features_shape_and_finite():
    for case in CASES:
        seg = textmode.segment_text(read(f"{case}.txt"))
        X = textmode.featurize(seg)
        assert X.shape == (len(seg.blocks), len(textmode.feature_names()))
        assert np.isfinite(X).all()
        context = textmode.score_context(seg, np.linspace(0, 1, len(seg.blocks)))
        assert context.shape == (len(seg.blocks), len(textmode.score_context_names()))
    assert textmode.featurize(textmode.segment_text("")).shape == (0, len(textmode.feature_names()))


def test_score_context_says_where_the_sure_body_lies():
    seg = textmode.segment_text("\n\n".join(["Menu"] * 8 + ["A long paragraph of the article body."] + ["Footer"] * 8))
    scores = np.full(len(seg.blocks), 0.2)
    scores[8] = 0.95  # the only block at or above SURE_BODY
    context = dict(zip(textmode.score_context_names(), textmode.score_context(seg, scores).T))
    assert context["sure_before"][[0, 8, 16]].tolist() == [0.0, 0.0, 1.0]
    assert context["sure_after"][[0, 8, 16]].tolist() == [1.0, 0.0, 0.0]
    assert context["sure_distance"][[8, 9]].tolist() == [0.0, np.log1p(1)]
    nearby = context["sure_nearby"]
    assert nearby[3:14].tolist() == [1.0] * 11 and nearby[:3].sum() == nearby[14:].sum() == 0
    no_sure = textmode.score_context(seg, np.full(len(seg.blocks), 0.2))
    assert (no_sure[:, textmode.score_context_names().index("sure_distance")] == -1).all()


def test_near_duplicates():
    earlier, anywhere = textmode.near_duplicates(["The cost question", "Body text.", "the cost question!", "Other"])
    assert earlier.tolist() == [0, 0, 1, 0]
    assert anywhere.tolist() == [1, 0, 1, 0]


def test_shipped_text_model_is_data_and_small():
    assert textmode.TEXT_MODEL.stat().st_size < 2_000_000
    digest = textmode.TEXT_MODEL_SHA256_FILE.read_text().split()[0]
    model = load(textmode.TEXT_MODEL, digest)
    assert model.meta["mode"] == "text"
    assert model.meta["feature_names"] == textmode.feature_names()
    assert len(model.stages) == 3


@pytest.mark.parametrize("case", CASES)
def test_fixture_text_mode(case):
    doc = cleaner.clean_text(read(f"{case}.txt"))
    assert doc.status == "ok"
    assert doc.text == read(f"{case}.expected.txt").strip()


def test_news_article_exactly_in_text_mode():
    doc = cleaner.clean_text(read("news-en.txt"))
    assert doc.title == "Harbour city votes to build a tidal barrier after a decade of floods"
    assert doc.text == read("news-en.expected.txt").strip()
    assert doc.text.count("The cost question") == 1
    assert all(b.label == "junk" for b in doc.blocks if b.text == doc.title)
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["Sign up to our morning newsletter"].label == "junk"
    assert by_text["Why house prices in the old town are still rising"].label == "junk"


def test_news_article_exactly_in_html_mode():
    doc = cleaner.clean_html(read("news-en.html"))
    assert doc.title == "Harbour city votes to build a tidal barrier after a decade of floods"
    assert doc.text == read("news-en.expected.txt").strip()


def test_clean_sniffs_html_or_text(monkeypatch):
    as_text = cleaner.clean(read("news-en.txt"))
    assert as_text.text == read("news-en.expected.txt").strip()
    assert all(b.path == "text" for b in as_text.blocks)
    seen = []
    monkeypatch.setattr(cleaner, "clean_html", lambda html, url=None: seen.append(html) or "html mode")
    assert cleaner.clean(read("news-en.html").encode("utf-8")) == "html mode"
    assert cleaner.clean(read("news-en.html")) == "html mode"
    assert len(seen) == 2
    assert cleaner.clean(read("keyword-de.txt").encode("utf-8")).text == read("keyword-de.expected.txt").strip()


def test_clean_text_edge_cases():
    assert cleaner.clean_text("").status == "empty"
    assert cleaner.clean_text("   \n\n  ").status == "empty"
    assert cleaner.clean_text(b"%PDF-1.4\x00\x01\x02binary").status == "not_html"
    doc = cleaner.clean_text("Home\nNews\nSport")
    assert doc.status in ("ok", "no_main_content")
    with pytest.raises(TypeError):
        cleaner.clean_text(42)
    doc = cleaner.clean_text(read("news-en.txt"), title="Harbour city votes to build a tidal barrier | Gazette")
    assert doc.title == "Harbour city votes to build a tidal barrier after a decade of floods"
    assert doc.text == read("news-en.expected.txt").strip()


def test_text_cleaner_options_and_pickle():
    tc = textmode.TextCleaner(preset="recall")
    loose = tc.clean_text(read("news-en.txt"))
    strict = textmode.TextCleaner(threshold=0.99).clean_text(read("news-en.txt"))
    assert len(strict.text) <= len(loose.text)
    clone = pickle.loads(pickle.dumps(tc))
    assert clone.clean_text(read("linkfarm-fr.txt")).text == tc.clean_text(read("linkfarm-fr.txt")).text
    with pytest.raises(ValueError):
        textmode.TextCleaner(preset="fast")
    with pytest.raises(cleaner.ModelError):
        textmode.TextCleaner(model="/tmp/whatever.npz")
    raw = textmode.TextCleaner(spam_steps=False).clean_text(read("news-en.txt"))
    assert all(b.reason not in ("link-farm", "tail") for b in raw.blocks)
