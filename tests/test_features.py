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
    """Text statistics (written after another column), token overlap and words of a vocabulary, compiled and
    in Python."""
    lowers = [t.lower() for t in texts]
    vocabulary = frozenset(reference.lower().split())

    def counts():
        out = features._Columns(len(texts), 1 + len(features._TEXT_STATS))
        out.put(9.0)
        with np.errstate(invalid="ignore"):  # an empty text's digits and CJK shares are 0 / 0 in numpy
            stats = features._text_stats(texts, lowers, out)
        overlap = features._token_overlaps(lowers, (reference,))[0]
        return out.full(), stats, overlap, features.vocabulary_words(lowers, vocabulary)

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
    _, text_stats, overlap, hits = compiled
    assert text_stats.shape == (len(texts), len(features._TEXT_STATS)) and np.isnan(text_stats[3, -3])  # 0 / 0 digits
    lowers = [t.lower() for t in texts]
    stats, all_lower = features._word_stats(texts, lowers), features._all_lower(texts, lowers)
    classes = features._class_counts(texts, np.array([len(t) for t in texts], dtype=np.int64))
    assert all_lower[-4:].all() and not all_lower[:4].any()  # cased, none upper; "ß" has no simple upper case
    assert stats[0].tolist() == [5, 2, 2, 2]  # words, title case, function words, short words
    assert overlap[texts.index("wörld_2, hello!")] == 1.0 and overlap[0] == 0.2
    assert hits[0] == 1 and hits[1] == 2  # "hello" once, then twice
    japanese, last = classes[texts.index("日本語のテキスト")], classes[texts.index("» 𝐀 one | two. 〈\uffff")]
    assert japanese[features._CJK] == 8 and japanese[features._PARTICLE] == 1
    assert last[features._SEPARATOR] == 2 and last[features._SENTENCE_END] == 1 and last[-1] == 0  # U+FFFF: no class
    assert classes[texts.index("wörld_2, hello!"), -1] >> features._TERMINAL & 1  # "!" ends the text


@needs_compiled_words
def test_compiled_text_stats_refuse_bad_input():
    args = (features.STOPWORDS, 3, features._CHAR_CLASSES)
    out = np.zeros((1, 14))
    with pytest.raises(ValueError):  # thirteen columns from 2: past the matrix
        compiled_words.text_stats(["a b"], ["a b"], *args, out, 2)
    with pytest.raises(ValueError):  # a lower per text
        compiled_words.text_stats(["a b"], [], *args, out, 0)
    with pytest.raises(TypeError):
        compiled_words.text_stats([b"a b"], ["a b"], *args, out, 0)
    with pytest.raises(TypeError):  # the table of code points is uint8
        compiled_words.text_stats(["a b"], ["a b"], *args[:2], features._CHAR_CLASSES.astype(np.int16), out, 0)
    compiled_words.text_stats(["a b"], ["a b"], *args, out, 1)
    assert out[0, :3].tolist() == [0, 3, 2]  # chars, words


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


def _bits(flag_lists, widths):
    out = features._Columns(len(flag_lists[0]), 1 + sum(widths))
    out.put(9.0)  # the bits start after other columns
    features._bits(flag_lists, widths, out)
    return out.full()[:, 1:].tolist()


def test_bits_spells_out_each_flag_list(monkeypatch):
    assert _bits(([5, 0], [1, 2]), (3, 2)) == [[1, 0, 1, 1, 0], [0, 0, 0, 0, 1]]
    flag_lists = ([-1, 2**63 - 1, 0], [2**40 + 3, -(2**63), 7], [1, 1, 1])  # two's complement, the highest bits
    widths = (64, 64, 0)
    compiled = _bits(flag_lists, widths)
    monkeypatch.setattr(features, "_words", None)
    assert compiled == _bits(flag_lists, widths)
    assert compiled[0][:64] == [1] * 64 and compiled[1][64 + 63] == 1


@needs_compiled_words
def test_compiled_bits_refuse_bad_input():
    out = np.zeros((2, 4))
    with pytest.raises(ValueError):  # more bits than columns
        compiled_words.flag_bits(([1, 2],), (5,), out, 0)
    with pytest.raises(ValueError):  # lists of other lengths
        compiled_words.flag_bits(([1, 2], [3]), (1, 1), out, 0)
    with pytest.raises(TypeError):
        compiled_words.flag_bits(([1, "2"],), (2,), out, 0)
    with pytest.raises(OverflowError):
        compiled_words.flag_bits(([1, 2**64],), (2,), out, 0)
    with pytest.raises(TypeError):
        compiled_words.flag_bits(([1, 2],), (2,), out.astype(np.float32), 0)
    out[:] = 0  # the refused calls may have written some bits
    compiled_words.flag_bits(([3, 2],), (2,), out, 2)
    assert out.tolist() == [[0, 0, 1, 1], [0, 0, 0, 1]]


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
def test_compiled_container_layout_is_that_of_numpy(monkeypatch):
    ancestors = segment(parse(PAGE)).ancestors + [(), (0, 99, 99)]  # a block outside every container, a repeated id
    compiled_tree = features._Containers.of(ancestors)
    monkeypatch.setattr(features, "_words", None)
    tree = features._Containers.of(ancestors)
    for field in ("lengths", "flat", "owner", "size", "level_has", "level_ids"):
        np.testing.assert_array_equal(getattr(compiled_tree, field), getattr(tree, field))
    assert tree.size == 100 and tree.level_ids[-1].tolist() == [99, 99, 0, 0, 0]


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


TREES = [
    [(0, 1, 2), (0, 1, 2), (0, 1, 3), (0, 4), (), (0, 1, 2, 5, 6, 7, 8, 9, 10)],
    [(), ()],  # no containers at all
    [(3,), (3, 3), (1, 3)],  # repeated ids, ids that no block reaches
]


@needs_compiled_words
@pytest.mark.parametrize("ancestors", TREES)
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
@pytest.mark.parametrize("ancestors", TREES)
def test_compiled_context_levels_are_those_of_numpy(ancestors, monkeypatch):
    n = len(ancestors)
    chars = np.arange(n, dtype=float) * 40
    for scores in (np.linspace(0, 1, n), np.zeros(n), np.full(n, 0.95)):  # some, none, all sure body
        results = []
        for words in (compiled_words, None):
            monkeypatch.setattr(features, "_words", words)
            per_block = np.stack([scores * chars, chars, chars * (scores >= features.SURE_BODY)])
            out = features._Columns(n, 1 + 2 * len(features.CONTAINER_LEVELS))
            out.put(7.0)  # the levels start after other columns
            features._context_levels(features._Containers.of(ancestors), per_block, per_block[2].sum(), out)
            results.append(out.full())
        np.testing.assert_array_equal(*results)


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
    with pytest.raises(ValueError):  # per_block of 3 rows, not 4
        compiled_words.context_levels(*arrays, 3, 1.0, out, 0)
    with pytest.raises(ValueError):  # two columns a level: past the matrix
        compiled_words.context_levels(*arrays[:4], np.zeros((3, 1)), 3, 1.0, out, 4)
    compiled_words.context_levels(*arrays[:4], np.zeros((3, 1)), 3, 1.0, out, 3)


@needs_compiled_words
def test_compiled_mass_around_is_that_of_numpy():
    rng = np.random.default_rng(1)
    for good in (
        np.where(rng.random(40) < 0.3, rng.integers(1, 500, 40), 0).astype(float),
        np.zeros(5),  # no prose: distances all -1
        np.array([0.0, 0.0, 3.0]),
        np.array([7.0]),
        np.array([]),
        np.array([1e16, 1.0, 1.0, 0.0, -0.0, np.nan, 2.0]),  # rounding in the running sums; NaN counts as prose
    ):
        total = max(np.nansum(good), 1.0)
        for compiled, python in zip(
            features.mass_around(good, total), features._python_mass_around(good, total), strict=True
        ):
            np.testing.assert_array_equal(compiled, python)
    assert (
        features.mass_around(np.array([0.0, 2.0, 0.0, 0.0, 0.0]), 2.0)[2].tolist() == np.log1p([1, 0, 1, 2, 3]).tolist()
    )
    with pytest.raises(TypeError):
        features.mass_around(np.array([1, 2]), 1.0)  # float64 only
    with pytest.raises(ValueError):
        compiled_words.mass_around(np.zeros(2), 1.0, np.zeros((3, 3)))
