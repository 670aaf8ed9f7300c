import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import features
from cleaner.features import feature_names, featurize, score_context, score_context_names
from cleaner.segment import parse, segment

PAGE = """<html><head><title>Storm hits coast</title>
<script type="application/ld+json">
{"@type": "NewsArticle", "articleBody": "The storm hit the coast on Monday."}</script>
</head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article><h1>Storm hits coast</h1><p>The storm hit the coast on Monday.</p><p>Power was cut to many homes.</p></article>
<footer class="site-footer"><p>Copyright 2026</p></footer></body></html>"""


def matrix():
    seg = segment(parse(PAGE))
    return seg, featurize(seg), {name: i for i, name in enumerate(feature_names())}


def test_one_named_column_per_feature():
    seg, X, _ = matrix()
    assert X.shape == (len(seg.blocks), len(feature_names()))
    assert np.isfinite(X).all()


def test_link_density_structure_and_page_signals():
    seg, X, col = matrix()
    texts = [b.text for b in seg.blocks]
    home, body, footer = (
        texts.index("Home"),
        texts.index("The storm hit the coast on Monday."),
        texts.index("Copyright 2026"),
    )
    assert X[home, col["link_density"]] == 1.0 and X[body, col["link_density"]] == 0.0
    assert X[home, col["in_nav"]] == 1 and X[body, col["in_article"]] == 1
    assert X[footer, col["kw_footer"]] == 1
    assert X[body, col["jsonld_overlap"]] == 1.0 and X[body, col["page_is_article"]] == 1
    assert X[texts.index("Storm hits coast"), col["title_exact"]] == 1


def test_neighbour_columns_look_at_the_neighbours():
    seg, X, col = matrix()
    assert X[1, col["nb-1_log_chars"]] == X[0, col["log_chars"]]
    assert X[0, col["nb-1_log_chars"]] == -1  # before the first block


def test_score_context_reads_container_scores():
    seg, _, _ = matrix()
    scores = np.linspace(0, 1, len(seg.blocks))
    ctx = score_context(seg, scores)
    assert ctx.shape == (len(seg.blocks), len(score_context_names()))
    np.testing.assert_array_equal(ctx[:, 0], scores)


def test_score_context_says_where_the_sure_body_lies():
    seg, _, _ = matrix()
    share = {name: i for i, name in enumerate(score_context_names())}["up2_sure_share"]
    sure_article = np.array([0.1, 0.1, 0.5, 0.95, 0.9, 0.1])  # nav, nav, h1, p, p, footer
    ctx = score_context(seg, sure_article)
    # Two levels up: the nav items sit in <ul>, holding none of it; the article's blocks in <article>, all.
    np.testing.assert_allclose(ctx[:, share], [0, 0, 1, 1, 1, 0])
    nothing_sure = score_context(seg, np.full(len(seg.blocks), 0.5))
    assert (nothing_sure[:, share] == -1).all()  # no sure body: nothing to compare with


def test_empty_page_gives_empty_matrix():
    seg = segment(parse("<html><body></body></html>"))
    assert featurize(seg).shape == (0, len(feature_names()))


compiled_words = pytest.importorskip("cleaner.features")._words
needs_compiled_words = pytest.mark.skipif(compiled_words is None, reason="the install could not build cleaner._words")


def _counts_both_ways(texts, reference="Hello wörld_2 ǅemal"):
    """Word statistics, token overlap, words of a vocabulary and character classes, compiled and in Python."""
    lowers = [t.lower() for t in texts]
    vocabulary = frozenset(reference.lower().split())

    def counts():
        stats = features._word_stats(texts, lowers)
        overlap = features._token_overlaps(lowers, (reference,))[0]
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        hits, classes = features.vocabulary_words(lowers, vocabulary), features._class_counts(texts, lengths)
        return stats, overlap, hits, classes, features._all_lower(texts, lowers)

    compiled = counts()
    saved, features._words = features._words, None
    try:
        return compiled, counts()
    finally:
        features._words = saved


@needs_compiled_words
def test_compiled_counts_are_those_of_python():
    texts = [
        "Hello World and the rest",
        "ǅemal O'Neil HELLO x",
        "ΣΑΣ σας Über der",
        "",
        "   ",
        "日本語のテキスト",
        "a\u2003b\x1cc\u00a0d\u200be",
        "Tab\tNew\nline The AND",
        "12 3rd A. B.C.",
        "wörld_2, hello!",
        "» 𝐀 one | two. 〈\uffff",
        "all lower, straße",
        "ß",
        "ǆ ﬁ ᾳ",
        "ı",
    ]
    compiled, python = _counts_both_ways(texts)
    for counts, python_counts in zip(compiled, python, strict=True):
        np.testing.assert_array_equal(counts, python_counts)
    stats, overlap, hits, classes, all_lower = compiled
    assert all_lower[-4:].all() and not all_lower[:4].any()  # cased, none upper; "ß" has no simple upper case
    assert stats[0].tolist() == [5, 2, 2, 2]  # words, title case, function words, short words
    assert overlap[texts.index("wörld_2, hello!")] == 1.0 and overlap[0] == 0.2
    assert hits[0] == 1 and hits[1] == 2  # "hello" once, then twice
    japanese, last = classes[texts.index("日本語のテキスト")], classes[texts.index("» 𝐀 one | two. 〈\uffff")]
    assert japanese[features._CJK] == 8 and japanese[features._PARTICLE] == 1
    assert last[features._SEPARATOR] == 2 and last[features._SENTENCE_END] == 1 and last[-1] == 0  # U+FFFF: no class
    assert classes[texts.index("wörld_2, hello!"), -1] >> features._TERMINAL & 1  # "!" ends the text


@needs_compiled_words
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("aAbZ ǅΣσß\u2003\x1c\u00a0.,'_1日の»…|\t𝐀\uffff"), max_size=30), max_size=8
    )
)
@settings(max_examples=200, deadline=None)
def test_compiled_counts_match_python_on_any_text(texts):
    compiled, python = _counts_both_ways(texts, "a b_ Σσ 1 日")
    for counts, python_counts in zip(compiled, python, strict=True):
        np.testing.assert_array_equal(counts, python_counts)


def test_bits_spells_out_each_flag_list():
    bits = features._bits(([5, 0], [1, 2]), (3, 2))
    assert bits.tolist() == [[1, 0, 1, 1, 0], [0, 0, 0, 0, 1]]


@needs_compiled_words
def test_compiled_lookups_skip_only_words_no_member_matches(monkeypatch):
    class Word(str):  # a str subclass: looked up as it is, without the compiled filter
        pass

    lowers = ["the cat sat on the mat", "cbt cat", "thx the", "", "über 日本 uber ü日本", "ab\u0100c ab\u0100"]
    vocabularies = [
        frozenset({"cat", "the"}),
        frozenset({"cbt", "tae"}),  # one length, first and last character: told apart character by character
        frozenset({Word("cat"), "on"}),
        frozenset(),
        frozenset({"über", "日本", "ab\u0100"}),  # one, two and four bytes a character, in texts of each width
    ]
    compiled = [features.vocabulary_words(lowers, vocabulary).tolist() for vocabulary in vocabularies]
    monkeypatch.setattr(features, "_words", None)
    assert compiled == [features.vocabulary_words(lowers, vocabulary).tolist() for vocabulary in vocabularies]
    assert compiled[0] == [3, 1, 1, 0, 0, 0] and compiled[1] == [0, 1, 0, 0, 0, 0]
    assert compiled[4] == [0, 0, 0, 0, 2, 1]


@needs_compiled_words
def test_compiled_container_ids_and_totals_are_those_of_numpy(monkeypatch):
    ancestors = segment(parse(PAGE)).ancestors + [(), (0, 99, 99)]  # a block outside every container, a repeated id
    rows = np.random.default_rng(0).random((3, len(ancestors)))
    compiled_tree = features._Containers.of(ancestors)
    compiled = compiled_tree.totals(*rows)
    monkeypatch.setattr(features, "_words", None)
    tree = features._Containers.of(ancestors)
    for field in ("lengths", "flat", "owner", "size", "level_has", "level_ids"):
        np.testing.assert_array_equal(getattr(compiled_tree, field), getattr(tree, field))
    for compiled_total, total in zip(compiled, tree.totals(*rows), strict=True):
        np.testing.assert_array_equal(compiled_total, total)
    assert compiled[0][99] == 2 * rows[0][-1]


def _container_features_both_ways(ancestors, rows, monkeypatch):
    """`_container_features` compiled and in numpy: the matrix columns and the marks."""
    totals = (rows[0].sum(), max(rows[2].sum(), 1.0))
    results = []
    for words in (compiled_words, None):
        monkeypatch.setattr(features, "_words", words)
        out = features._Columns(rows.shape[1], 2 + len(features.CONTAINER_LEVELS) * len(features._CONTAINER_STATS))
        out.next(2)[:] = 7.0  # the container columns start after others
        tree = features._Containers.of(ancestors)
        marks = features._container_features(tree, rows, *totals, out)
        results.append((out.full(), marks))
    return results


@needs_compiled_words
@pytest.mark.parametrize(
    "ancestors",
    [
        [(0, 1, 2), (0, 1, 2), (0, 1, 3), (0, 4), (), (0, 1, 2, 5, 6, 7, 8, 9, 10)],
        [(), ()],  # no containers at all
        [(3,), (3, 3), (1, 3)],  # repeated ids, ids that no block reaches
    ],
)
def test_compiled_container_features_are_those_of_numpy(ancestors, monkeypatch):
    rng = np.random.default_rng(len(ancestors))
    n = len(ancestors)
    for rows in (
        rng.integers(0, 300, (4, n)).astype(float),
        np.zeros((4, n)),  # no good text, no candidate
        np.array([[50.0] * n, [0.0] * n, [50.0] * n, [2.0] * n]),  # ties everywhere
        np.array([[50.0] * n, [80.0] * n, [0.0] * n, [2.0] * n]),  # more link text than text: negative candidates
    ):
        (compiled, compiled_marks), (python, python_marks) = _container_features_both_ways(ancestors, rows, monkeypatch)
        np.testing.assert_array_equal(compiled, python)
        np.testing.assert_array_equal(compiled_marks, python_marks)


@needs_compiled_words
def test_compiled_container_steps_refuse_bad_arrays():
    flat, owner = np.empty(2, dtype=np.int64), np.empty(2, dtype=np.int64)
    has, ids = np.empty((1, 1), dtype=bool), np.empty((1, 1), dtype=np.int64)
    steps = np.array([1])
    with pytest.raises(ValueError):  # room for two ids, three given
        compiled_words.container_layout([(1, 2, 3)], steps, flat, owner, has, ids)
    with pytest.raises(ValueError):
        compiled_words.container_layout([(1, -2)], steps, flat, owner, has, ids)
    with pytest.raises(TypeError):
        compiled_words.container_layout([(1, 2)], steps, flat.astype(np.int32), owner, has, ids)
    with pytest.raises(TypeError):
        compiled_words.container_layout([(1, "2")], steps, flat, owner, has, ids)
    assert compiled_words.container_layout([(1, 2)], steps, flat, owner, has, ids) == 3
    per_block, out, marks = np.zeros((4, 1)), np.zeros((1, 5)), np.zeros((3, 1))
    arrays = (flat, np.array([2]), ids, has, per_block)
    with pytest.raises(ValueError):  # container ids up to 2: three containers, not two
        compiled_words.container_features(*arrays, 2, 0, 0, 1.0, 1.0, out, 0, marks)
    with pytest.raises(ValueError):  # no grandparent level among one
        compiled_words.container_features(*arrays, 3, 0, 1, 1.0, 1.0, out, 0, marks)
    with pytest.raises(ValueError):  # the stats past the matrix
        compiled_words.container_features(*arrays, 3, 0, 0, 1.0, 1.0, out, 1, marks)
    with pytest.raises(TypeError):
        compiled_words.container_features(*arrays, 3, 0, 0, 1.0, 1.0, out.astype(np.float32), 0, marks)
    compiled_words.container_features(*arrays, 3, 0, 0, 1.0, 1.0, out, 0, marks)
