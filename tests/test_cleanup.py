import numpy as np
import pytest

from cleaner import cleanup
from cleaner.segment import Block, parse, segment


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


def test_a_later_heading_is_the_title_only_when_it_scores_higher():
    # An exact h2 match comes first; an exact h1 later still wins (the h1 bonus outweighs its place),
    # and a partial h1 match after it does not.
    blocks = make(
        ("Storm hits the coast", "heading", "h2"),
        ("Storm hits the coast", "heading", "h1"),
        ("Storm hits the coast again", "heading", "h1"),
    )
    cleanup.label(blocks, np.ones(3), 0.5)
    assert cleanup.pick_title(blocks, ["Storm hits the coast", "Storm hits the coast"]) == "Storm hits the coast"
    assert [b.reason for b in blocks] == [None, "title", None]
    # Without hints the first h1 is the headline, whatever follows.
    blocks = make(("Intro", "heading", "h2"), ("First", "heading", "h1"), ("Second", "heading", "h1"))
    cleanup.label(blocks, np.ones(3), 0.5)
    assert cleanup.pick_title(blocks, ["", ""]) == "First"


def test_a_heading_matches_the_hint_without_the_site_name():
    blocks = make(("Thunderstorms batter coastline", "heading", "h2"), ("Text.", "paragraph", "p"))
    cleanup.label(blocks, np.ones(2), 0.5)
    hint = "Thunderstorms batter coastline | The Herald Co Ltd"  # 3 of 7 words in common with the name
    assert cleanup.pick_title(blocks, [hint, ""]) == "Thunderstorms batter coastline"
    assert blocks[0].reason == "title"


def test_title_falls_back_to_hint():
    blocks = make(("Text.", "paragraph", "p"))
    assert cleanup.pick_title(blocks, ["", "Page title"]) == "Page title"
    assert cleanup.pick_title(blocks, ["", "A page title | The Site"]) == "A page title"


@pytest.mark.parametrize(
    "hint, title",
    [
        ("Data Analytics Agency | Punto Rojo", "Data Analytics Agency"),
        ("Best Portable Projectors For 2026 - Projector Reviews", "Best Portable Projectors For 2026"),
        ("Storm hits the coast · Daily News — Local", "Storm hits the coast · Daily News"),  # only the last part
        ("Yahoo News - Latest News & Headlines", "Yahoo News - Latest News & Headlines"),  # a subtitle, longer
        (
            "Rust - A language empowering everyone to build reliable software",
            "Rust - A language empowering everyone to build reliable software",
        ),
        ("Spider-Man: Far From Home", "Spider-Man: Far From Home"),  # no spaced separator
        ("Home | Site", "Home | Site"),  # the name would not be shorter than what is left
        ("Long headline \n |  Site", "Long headline"),  # whitespace as a page may have it
    ],
)
def test_without_site_name_drops_a_short_trailing_name(hint, title):
    assert cleanup.without_site_name(hint) == title


def test_page_threshold_keeps_what_maximises_expected_f1():
    # A clear article: the 0.45 link list costs more precision than it can add in recall.
    clear = np.array([0.99, 0.98, 0.45, 0.97])
    assert cleanup.page_threshold(clear, np.array([100.0, 80, 30, 90])) == 0.97
    # A hard page: the same 0.45 block is worth keeping when little else is sure.
    hard = np.array([0.6, 0.45, 0.05])
    assert cleanup.page_threshold(hard, np.array([20.0, 30, 50])) == 0.45


def test_page_threshold_treats_a_doubtful_list_as_one_bet():
    # A short sure article and a list of 20 links at 0.45: as 20 independent coins the list
    # almost surely holds about 9 body items and is worth keeping; as one shared coin it is a
    # 45% bet on 160 tokens against a sure 150, and the page keeps only the article.
    scores = np.array([0.99, 0.98] + [0.45] * 20)
    weights = np.array([80.0, 70] + [8.0] * 20)
    kept = np.cumsum(weights)
    assert cleanup._expected_f_independent(scores, weights, kept, 1.0).argmax() == 21
    assert cleanup._expected_f_shared(scores, kept, 22, 1.0).argmax() == 1
    assert cleanup.page_threshold(scores, weights) == 0.98


def test_page_threshold_never_keeps_a_block_under_the_floor_on_a_huge_page():
    rng = np.random.default_rng(0)
    scores = rng.random(20_000)  # more candidates than one chunk of `_expected_f_shared`
    threshold = cleanup.page_threshold(scores, rng.integers(1, 50, 20_000).astype(float))
    assert cleanup.MIN_BODY_SCORE <= threshold < 1


def test_page_threshold_recall_preset_keeps_more():
    scores, weights = np.array([0.95, 0.5, 0.3]), np.array([50.0, 20, 20])
    f1 = cleanup.page_threshold(scores, weights, beta=1.0)
    f2 = cleanup.page_threshold(scores, weights, beta=2.0)
    assert f2 < f1


def test_page_threshold_keeps_nothing_when_every_score_is_low():
    blocks = make(("Home", "list_item", "li"), ("About", "list_item", "li"))
    scores = np.array([0.05, 0.02])
    cleanup.label(blocks, scores, cleanup.page_threshold(scores, cleanup.token_counts(blocks)))
    assert all(b.label == "junk" for b in blocks)


def test_long_block_repeated_in_place_is_kept_but_a_copy_elsewhere_is_dropped():
    para = "The committee met again on Tuesday and agreed on the budget."
    blocks = [
        Block(para, "paragraph", "p", "article.body"),
        Block(para, "paragraph", "p", "article.body"),
        Block(para, "paragraph", "p", "aside.teaser"),
    ]
    cleanup.label(blocks, np.ones(3), 0.5)
    cleanup.drop_duplicates(blocks)
    assert [b.reason for b in blocks] == [None, None, "duplicate"]


def _segmented_and_all_kept(html: str):
    seg = segment(parse(html))
    cleanup.label(seg.blocks, np.ones(len(seg.blocks)), 0.5)
    return seg


def test_a_page_that_keeps_only_its_menu_keeps_nothing():
    seg = _segmented_and_all_kept(
        '<body><nav><ul><li><a href="/">Home</a></li><li><a href="/a">About</a></li></ul></nav>'
        '<div class="site-nav"><a href="/c">Contact us</a></div></body>'
    )
    assert cleanup.drop_navigation_only(seg) == 3
    assert {(b.label, b.reason) for b in seg.blocks} == {("junk", "navigation")}


def test_a_menu_next_to_kept_text_is_left_to_the_classifier():
    seg = _segmented_and_all_kept(
        '<body><nav><a href="/">Home</a> <a href="/a">About</a></nav><p>The article itself.</p></body>'
    )
    assert cleanup.drop_navigation_only(seg) == 0
    assert all(b.label == "body" for b in seg.blocks)


def test_unlinked_text_in_a_header_is_not_navigation():
    seg = _segmented_and_all_kept("<body><header><p>We are closed on Monday.</p></header></body>")
    assert cleanup.drop_navigation_only(seg) == 0
