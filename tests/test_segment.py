from cleaner.segment import parse, segment


def blocks_of(html):
    return segment(parse(html))


def test_block_boundaries_and_inline_merge():
    seg = blocks_of(
        "<html><body><div>Intro text<p>A <b>bold</b> <a href=#>link</a> here.</p>"
        "<ul><li>one</li><li>two</li></ul><h2>Sub</h2><pre>x = 1\n  y = 2</pre></div></body></html>"
    )
    assert [(b.text, b.kind) for b in seg.blocks] == [
        ("Intro text", "text"),
        ("A bold link here.", "paragraph"),
        ("one", "list_item"),
        ("two", "list_item"),
        ("Sub", "heading"),
        ("x = 1\n  y = 2", "code"),
    ]
    assert seg.link_chars[1] == len("link")


def test_double_br_splits_single_br_does_not():
    seg = blocks_of("<body><div>first line<br>same block<br><br>second block</div></body>")
    assert [b.text for b in seg.blocks] == ["first line same block", "second block"]


def test_dropped_elements_keep_their_tail_text():
    seg = blocks_of("<body><p>before<script>var x;</script> after<!-- note --> end</p><style>p{}</style></body>")
    assert [b.text for b in seg.blocks] == ["before after end"]


def test_noscript_content_is_kept_and_flagged():
    seg = blocks_of("<body><noscript><div class='post'><p>Forum post text.</p></div></noscript></body>")
    assert [b.text for b in seg.blocks] == ["Forum post text."]
    from cleaner.segment import CONTEXT_FLAGS

    assert seg.flags[0] >> CONTEXT_FLAGS.index("noscript") & 1


def test_metadata_title_and_jsonld_body():
    seg = blocks_of(
        "<html><head><title>Page | Site</title><meta property='og:title' content='Headline'>"
        '<script type=\'application/ld+json\'>{"@graph": [{"articleBody": "The body."}]}</script>'
        "</head><body><p>x</p></body></html>"
    )
    assert (seg.page_title, seg.meta_title, seg.jsonld_body) == ("Page | Site", "Headline", "The body.")


def test_keywords_of_ancestors_are_recorded():
    from cleaner.segment import KEYWORD_GROUPS

    seg = blocks_of("<body><footer class='site-footer'><p>© 2026</p></footer></body>")
    footer_bit = 1 << list(KEYWORD_GROUPS).index("footer")
    assert seg.keywords[0] & footer_bit


def test_deep_nesting_does_not_recurse():
    depth = 1500  # within libxml2's limit; deeper pages: tests/test_robustness.py
    seg = blocks_of("<body>" + "<div>" * depth + "<p>deep text</p>" + "</div>" * depth + "</body>")
    assert [b.text for b in seg.blocks] == ["deep text"]


def test_max_blocks_truncates_and_says_so():
    seg = segment(parse("<body>" + "<p>x</p>" * 50 + "</body>"), max_blocks=10)
    assert len(seg.blocks) == 10 and seg.truncated


def test_parse_handles_xml_declaration_and_nothing():
    assert parse('<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>') is not None
    assert parse("   ") is None


def test_namespaced_xhtml_elements():
    from lxml import etree

    root = etree.fromstring(
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body><h2>Head</h2><p>Para <b>bold</b>.</p></body></html>'
    )
    assert [(b.text, b.kind) for b in segment(root).blocks] == [("Head", "heading"), ("Para bold.", "paragraph")]


def test_keyword_matcher_agrees_with_one_search_per_group():
    import random
    import re

    from cleaner.segment import _KEYWORDS, KEYWORD_GROUPS

    groups = [re.compile(p) for p in KEYWORD_GROUPS.values()]
    pieces = [w for p in KEYWORD_GROUPS.values() for w in re.split(r"[|()?:^$\[\]]", p) if w]
    pieces += ["ad", "ads", "s", "x", "-", "_", " ", "\n", "side-bar", "page"]
    rng = random.Random(0)
    for _ in range(5000):
        names = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert _KEYWORDS.mask(names) == sum(1 << i for i, g in enumerate(groups) if g.search(names)), names


def test_keyword_bits_of_a_class_string_are_those_of_the_whole_string():
    from cleaner.segment import _KEYWORDS, _mask_of_names

    for names in (
        "post post-4711 type-post",
        "top-ads sidebar",
        "ads",
        "ad-slot main",
        "Leaderboard AD",
        "breadcrumb  nav-item\tactive",
        "reads shadow",
        "x",
    ):
        assert _mask_of_names(names) == _KEYWORDS.mask(names.lower()), names
