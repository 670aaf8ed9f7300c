"""Checks on the project's own training material and the template augmenter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from cleaner.train.own_data import DATA_DIR, augment, is_heading, iter_own_pages

PAGES = DATA_DIR / "pages"
TEMPLATES = DATA_DIR / "templates"
EXAMPLES = DATA_DIR.parent / "examples"
PAGE_TYPES = {"article", "forum", "product", "documentation", "service", "listing", "collection"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_text(html: str) -> str:
    doc = lxml.html.document_fromstring(html)
    for node in doc.xpath("//script|//style"):
        node.drop_tree()
    return _norm(doc.text_content())


def _assert_blocks_in_order(blocks: list[str], page: str) -> None:
    pos = 0
    for block in blocks:
        found = page.find(_norm(block), pos)
        assert found >= 0, f"gold block missing or out of order: {block[:60]!r}"
        pos = found + len(_norm(block))


def test_every_page_has_html_and_json() -> None:
    htmls = {p.stem for p in PAGES.glob("*.html")}
    jsons = {p.stem for p in PAGES.glob("*.json")}
    assert htmls == jsons
    assert len(jsons) >= 12


@pytest.mark.parametrize("meta_path", sorted(PAGES.glob("*.json")), ids=lambda p: p.stem)
def test_page_gold_matches_html(meta_path: Path) -> None:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["id"] == f"own:{meta_path.stem}"
    assert meta["page_type"] in PAGE_TYPES
    assert meta["lang"]
    assert meta["text"].strip()
    raw = meta_path.with_suffix(".html").read_bytes()
    assert 5_000 <= len(raw) <= 40_000
    page = _page_text(raw.decode("utf-8"))
    blocks = meta["text"].split("\n\n")
    assert all(b == b.strip() and b for b in blocks)
    assert len(set(blocks)) == len(blocks), "gold keeps each block once"
    for block in blocks:
        for word in re.findall(r"\w+", block):
            assert word in page, f"{word!r} not in page text"
    _assert_blocks_in_order(blocks, page)
    if meta["title"]:
        assert _norm(meta["title"]) in page
        assert _norm(meta["title"]) not in blocks, "the headline belongs in title, not text"


def test_iter_own_pages_schema() -> None:
    records = list(iter_own_pages(DATA_DIR))
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    assert {r["lang"] for r in records} >= {"en", "de", "fr", "es"}
    assert {r["lang"] for r in records} & {"ja", "zh"}
    for rec in records:
        assert set(rec) == {"id", "dataset", "split", "url", "html", "text", "title", "page_type", "lang"}
        assert (rec["dataset"], rec["split"], rec["url"]) == ("own", "train", None)


def test_example_news_article() -> None:
    page = _page_text((EXAMPLES / "news-article.html").read_text(encoding="utf-8"))
    lines = (EXAMPLES / "news-article.txt").read_text(encoding="utf-8").splitlines()
    assert 6 <= len(lines) <= 10
    _assert_blocks_in_order(lines, page)


def test_templates_have_slots() -> None:
    templates = sorted(TEMPLATES.glob("*.html"))
    assert len(templates) >= 6
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert "{{TITLE}}" in text and "{{BODY}}" in text, path.name


def test_is_heading() -> None:
    assert is_heading("Lights are not optional")
    assert not is_heading("Lights are not optional.")
    assert not is_heading("x" * 150)


def test_augment_is_deterministic_and_keeps_gold() -> None:
    records = list(iter_own_pages(DATA_DIR))
    first = list(augment(records, TEMPLATES, seed=7, per_record=2))
    second = list(augment(records, TEMPLATES, seed=7, per_record=2))
    assert first == second
    assert len(first) == 2 * len(records)
    other = list(augment(records, TEMPLATES, seed=8, per_record=2))
    assert [r["html"] for r in other] != [r["html"] for r in first]
    by_id = {r["id"]: r for r in records}
    for out in first:
        src = by_id[out["id"].split(":", 1)[1].rsplit(":", 1)[0]]
        assert (out["dataset"], out["split"]) == ("augmented", "train")
        assert (out["text"], out["title"]) == (src["text"], src["title"])
        assert "{{" not in out["html"]
        page = _page_text(out["html"])
        _assert_blocks_in_order(out["text"].split("\n\n"), page)


def test_augment_skips_records_without_text_or_title() -> None:
    records = [
        {"id": "x:1", "text": "", "title": "Empty body"},
        {"id": "x:2", "text": "Some text.", "title": None},
        {"id": "x:3", "text": "A real paragraph.\n\nA heading\n\nMore text here.", "title": "Kept"},
    ]
    out = list(augment(records, TEMPLATES, seed=1))
    assert [r["id"] for r in out] == ["augmented:x:3:0"]


def test_augment_renders_markdown_lists_and_single_newline_gold() -> None:
    records = [
        {"id": "x:1", "title": "Lists", "text": "Intro paragraph.\n\n- first item\n- second item\n\nOutro."},
        {"id": "x:2", "title": "Lines", "text": "First paragraph.\nA subheading\nLast paragraph."},
    ]
    lists, lines = (r["html"] for r in augment(records, TEMPLATES, seed=3))
    assert "<ul><li>first item</li><li>second item</li></ul>" in lists
    assert "<p>First paragraph.</p>" in lines and "<h2>A subheading</h2>" in lines
