import numpy as np

from cleaner import cleanup
from cleaner.segment import Block


def make(*specs):
    return [Block(text, kind, tag, "") for text, kind, tag in specs]


def test_label_applies_threshold_and_reason():
    blocks = make(("a", "paragraph", "p"), ("b", "paragraph", "p"))
    cleanup.label(blocks, np.array([0.9, 0.1]), 0.5)
    assert [(b.label, b.reason) for b in blocks] == [("body", None), ("junk", "classifier")]


def test_duplicate_heading_keeps_first():
    blocks = make(
        ("Why it matters", "heading", "h2"), ("Body text.", "paragraph", "p"), ("Why it matters", "heading", "h2")
    )
    cleanup.label(blocks, np.ones(3), 0.5)
    cleanup.drop_duplicates(blocks)
    assert [b.reason for b in blocks] == [None, None, "duplicate-heading"]


def test_short_repeated_cells_are_not_duplicates():
    blocks = make(("Yes", "table_cell", "td"), ("Yes", "table_cell", "td"))
    cleanup.label(blocks, np.ones(2), 0.5)
    cleanup.drop_duplicates(blocks)
    assert all(b.label == "body" for b in blocks)


def test_title_is_the_heading_matching_the_hints():
    blocks = make(
        ("Site name", "heading", "h2"), ("Storm hits the coast", "heading", "h1"), ("Text.", "paragraph", "p")
    )
    cleanup.label(blocks, np.ones(3), 0.5)
    title = cleanup.pick_title(blocks, ["Storm hits the coast | Daily News", ""])
    assert title == "Storm hits the coast"
    assert blocks[1].reason == "title" and blocks[0].label == "body"


def test_title_falls_back_to_hint():
    blocks = make(("Text.", "paragraph", "p"))
    assert cleanup.pick_title(blocks, ["", "Page title"]) == "Page title"
