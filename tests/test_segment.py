import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_button_left_open_over_the_article_is_read():
    # libxml2 ignores </button> while the <div> opened in it is open: the rest of the page lands in
    # the button, as on Dotdash Meredith's template. A browser shows it, so the walk reads it.
    html = (
        "<body><header><button class=menu><div>Menu<div></button></header>"
        "<main><article><h1>Headline</h1><p>The story itself.</p></article></main>"
        "<button>Subscribe</button></body>"
    )
    assert parse(html).find(".//main").xpath("ancestor::button")  # the parser's doing, not the fixture's
    assert [b.text for b in blocks_of(html).blocks] == ["Menu", "Headline", "The story itself."]


def test_buttons_and_other_controls_stay_dropped():
    seg = blocks_of(
        "<body><p>Text<button><div><p>Like</p></div></button> after</p>"
        "<select><option>One</option></select><video><p>No video support</p></video>"
        "<dialog><h1>Provide feedback</h1></dialog></body>"
    )
    assert [b.text for b in seg.blocks] == ["Text after"]


def test_metadata_title_and_jsonld_body():
    seg = blocks_of(
        "<html><head><title>Page | Site</title><meta property='og:title' content='Headline'>"
        '<script type=\'application/ld+json\'>{"@graph": [{"articleBody": "The body."}]}</script>'
        "</head><body><p>x</p></body></html>"
    )
    assert (seg.page_title, seg.meta_title, seg.jsonld_body) == ("Page | Site", "Headline", "The body.")


def test_a_title_that_swallowed_the_page_is_no_hint():
    # `<title>Storm</titl>`: the parser, like a browser, reads the rest of the page's markup into the title.
    from cleaner.segment import MAX_TITLE_CHARS

    swallowed = "Storm hits the coast</titl></head><body>" + "<p>Text of the page.</p>" * 20
    page = parse(f"<html><head><title>{swallowed}</title></head><body><h2>Other</h2></body></html>")
    assert len(page.findtext(".//title")) > MAX_TITLE_CHARS
    assert segment(page).page_title == ""
    long_meta = f"<meta property='og:title' content='{'word ' * 80}'>"
    assert blocks_of(f"<html><head>{long_meta}<title>Storm</title></head><body></body></html>").meta_title == ""


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


def _keyword_pieces():
    """Bits of class names that make keywords, near misses and the separators around them."""
    import re

    from cleaner.segment import KEYWORD_GROUPS

    pieces = [w for p in KEYWORD_GROUPS.values() for w in re.split(r"[|()?:^$\[\]]", p) if w]
    return pieces + ["ad", "ads", "s", "x", "-", "_", " ", "\n", "side-bar", "page"]


def test_keyword_matcher_agrees_with_one_search_per_group():
    import random
    import re

    from cleaner.segment import _KEYWORDS, KEYWORD_GROUPS

    groups = [re.compile(p) for p in KEYWORD_GROUPS.values()]
    pieces = _keyword_pieces()
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


walk = pytest.importorskip("cleaner.segment")._walk
needs_compiled_walk = pytest.mark.skipif(walk is None, reason="the install could not build cleaner._walk")
_FIELDS = ("blocks", "link_chars", "flags", "keywords", "near_keywords", "depth", "ancestors")
_FIELDS += ("page_title", "meta_title", "jsonld_body", "schema_types", "truncated")


def _both_walks(root, max_blocks=100_000):
    from cleaner.segment import _WALK_CONTEXT, Segmentation, _Walker

    compiled = Segmentation()
    done = walk.walk(root, compiled, max_blocks, _WALK_CONTEXT)
    return done, compiled, _Walker(max_blocks).walk(root)


def _walks_agree(root, max_blocks=100_000):
    """The compiled walk reads the page, and every field as the Python walk does; its Segmentation."""
    done, compiled, reference = _both_walks(root, max_blocks)
    assert done
    for name in _FIELDS:
        assert getattr(compiled, name) == getattr(reference, name), name
    return compiled


TRICKY = """<!DOCTYPE html><html><head><title>First</title><title>Second</title>
<meta property="og:title" content=" The  headline "><meta property="og:type" content="Article">
<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "Body text."}</script>
<style>p {}</style></head>
<body class="  " id=""><div class="card  wide" id="main" role="main" style="display: none">Lead<br>line<br><br>next
<a href="#"> linked  text </a>tail<!-- comment -->after<?php echo 1; ?>pi tail</div>
<p itemprop="articleBody" itemtype="https://schema.org/NewsArticle" hidden>Hidden&nbsp;para \u00a0 x</p>
<pre><code>  code
    kept  </code></pre><h2><span>Sub</span> heading</h2><ul><li>one</li><li>\u200b</li></ul>
<table><tr><td>cell</td><td>\u3000</td></tr></table><noscript><p>served to crawlers</p></noscript>
<svg><text>drawn</text></svg><select><option>opt</option></select>text at the end</body></html>"""


@needs_compiled_walk
@pytest.mark.parametrize("max_blocks", [100_000, 3])
def test_compiled_walk_reads_pages_exactly_as_the_python_walk(max_blocks):
    assert _walks_agree(parse(TRICKY), max_blocks).blocks  # the fixture is read at all


# Class/id strings repeated, empty, non-ASCII, led by a non-ASCII
# space, longer than any buffer; text of every str width, non-ASCII spaces in links and between
# <br>s, a block of zero-width characters only.
CLASSES_AND_WIDTHS = f"""<html><body><div class="nav" id="">one</div><div class="nav" id="">again</div>
<div class="" id="sidebar">two</div><div class=" \u00a0ads x" id="top">three</div>
<div class="статья main">four</div><div class="a\u00a0b">five</div><p class="{"w" * 300}" id="{"i" * 200}">long</p>
<p class="nav sidebar">a<a href="#">\u00a0 link\u3000</a></p>
<p>line<br>\u00a0\u2003<br>a block of its own: only spaces between the breaks</p><p>after<br>\u00a0x<br>y</p>
<p>\u200b\u00ad \ufeff</p><p>word\u00a0word\u2003word</p><p>caf\u00e9 \u2014 \U0001f600 end</p><li>\u0100\u00e9</li>
</body></html>"""


@needs_compiled_walk
def test_compiled_walk_reads_classes_and_text_of_every_width_as_the_python_walk():
    compiled = _walks_agree(parse(CLASSES_AND_WIDTHS))
    texts = [b.text for b in compiled.blocks]
    assert texts[-3:] == ["word word word", "caf\u00e9 \u2014 \U0001f600 end", "\u0100\u00e9"]


@needs_compiled_walk
def test_compiled_walk_reads_a_subtree_and_its_tail_as_the_python_walk():
    root = parse("<html><body><div><p>inside <b>bold</b></p> tail of p <p>next</p></div></body></html>")
    done, compiled, reference = _both_walks(root.find(".//p"))
    assert (
        done
        and compiled.blocks == reference.blocks
        and [b.text for b in compiled.blocks] == ["inside bold", "tail of p"]
    )


@needs_compiled_walk
def test_compiled_walk_reads_runs_of_text_and_cdata_nodes_as_the_python_walk():
    """lxml joins adjacent text and CDATA nodes into one .text: its strip counts as a link's, and
    breaks the pending <br> or not, as a whole."""
    from lxml import etree

    root = etree.fromstring(
        "<html><body><p><a href='#'> a <![CDATA[ caf\u00e9\u00a0 ]]>\u2003 </a><br/><![CDATA[ ]]> <br/>x</p>"
        "<pre><![CDATA[ code ]]>  y\n</pre></body></html>",
        etree.XMLParser(strip_cdata=False),
    )
    compiled = _walks_agree(root)
    assert [b.text for b in compiled.blocks] == ["a caf\u00e9", "x", " code   y"] and compiled.link_chars[0] == 6


METADATA = """<html><head><meta charset="utf-8"><meta property="" name="og:type" content="Blog">
<noscript><title>nested title</title><meta name="twitter:title" content=" From  noscript "></noscript>
<meta property="og:title" content="Second"><script type="text/javascript">var x;</script>
<script type="application/ld+json">{"@type": ["Thing", 3], "text": "Longer body text."}</script>
<script type='APPLICATION/LD+JSON'>{"@type": "Ignored"}</script><script>{"articleBody": "no type"}</script>
</head><body><meta property="og:type" content=""><meta name="og:type" content="Video">
<script type="ld+json">[{"description": "Much longer text than the other bodies."}]</script>
<title>Body title</title><p>text</p></body></html>"""


@needs_compiled_walk
def test_compiled_walk_reads_metadata_as_the_python_walk():
    compiled = _walks_agree(parse(METADATA))
    assert (compiled.page_title, compiled.meta_title) == ("nested title", "From noscript")
    assert compiled.schema_types == {"blog", "thing", "video"}


@needs_compiled_walk
def test_compiled_walk_leaves_namespaced_attributes_and_entities_to_the_python_walk():
    from lxml import etree

    xhtml = etree.fromstring('<html xmlns="http://www.w3.org/1999/xhtml"><body><p xml:lang="en">Hi</p></body></html>')
    assert not _both_walks(xhtml)[0]
    entity = etree.fromstring(
        '<!DOCTYPE html [<!ENTITY co "Company">]><html><body><p>&co; ltd</p></body></html>',
        etree.XMLParser(resolve_entities=False),
    )
    assert not _both_walks(entity)[0]
    assert segment(entity).blocks == _both_walks(entity)[2].blocks  # and segment falls back to it
    in_attribute = etree.fromstring(
        '<!DOCTYPE html [<!ENTITY co "nav">]><html><body><p class="&co; x">Hi</p></body></html>',
        etree.XMLParser(resolve_entities=False),
    )
    assert not _both_walks(in_attribute)[0]
    in_head = etree.fromstring(
        '<!DOCTYPE html [<!ENTITY co "Company">]><html><head><title>&co;</title></head><body><p>Hi</p></body></html>',
        etree.XMLParser(resolve_entities=False),
    )
    assert not _both_walks(in_head)[0]


@needs_compiled_walk
def test_compiled_walk_finds_the_keywords_the_python_walk_does():
    """Class/id values of keywords in any case, the regex groups' words, non-ASCII letters whose
    lower case is ASCII (the Kelvin sign), beside rare attributes or not."""
    import random

    pieces = _keyword_pieces() + ["AD", "Ads", "PAGING", "Page", "\t", "\u00e9", "\u0130", "\u212a", "\u00a0"]
    rng = random.Random(1)
    html = ""
    for i in range(3000):
        classes, ident = ("".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(2))
        html += f'<p class="{classes}" id="{ident}"{" role=main" if i % 3 else ""}>x</p>'
    compiled = _walks_agree(parse(f"<html><body>{html}</body></html>"))
    assert len(compiled.blocks) == 3000
    assert len(set(compiled.near_keywords)) > 100  # many different keyword sets were read


_TAGS = [
    "p",
    "div",
    "a",
    "span",
    "br",
    "li",
    "ul",
    "pre",
    "h2",
    "td",
    "script",
    "title",
    "svg",
    "noscript",
    "b",
    "code",
    "button",
    "main",
    "h1",
]
_ATTRS = [
    "",
    ' class="nav item"',
    ' id="x"',
    ' class=""',
    ' role="main"',
    " hidden",
    ' style="display:none"',
    ' itemprop="articleBody"',
    ' class="\u00a0ad\u3000x"',
    ' aria-hidden="true" role="nav menu"',
    ' style="color: red; display : none"',
    ' style="display: none" itemtype="https://schema.org/Article/"',
    ' itemprop="text reviewBody" role=main aria-hidden=false',
    ' role="" itemprop=""',
]
_TEXTS = ["", " ", "word", " two words ", "\n", "\u00a0", "\u200b", "caf\u00e9", "\u3000", "a,b.", "<!--c-->", "&amp;"]
_TEXTS += ["a\tb\r\n c", "x\x0by\x0cz", "p\x1cq\x1dr\x1es\x1ft"]  # every ASCII space str.split knows


@needs_compiled_walk
@given(
    st.lists(
        st.tuples(st.sampled_from(_TAGS), st.sampled_from(_ATTRS), st.sampled_from(_TEXTS), st.booleans()), max_size=40
    )
)
@settings(max_examples=300, deadline=None)
def test_compiled_walk_matches_the_python_walk_on_any_markup(pieces):
    html = "".join(f"<{t}{a}>{x}" + (f"</{t}>" if close else "") for t, a, x, close in pieces)
    root = parse("<html><body>" + html + "</body></html>")
    if root is None:
        return
    _walks_agree(root)
