import pytest

from cleaner.train.scoring import mean_score, paired_interval, score


def test_bag_of_words_f1():
    s = score("the cat sat", "The cat sat down")
    assert s.precision == 1.0 and s.recall == 0.75
    assert s.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_multiset_counts_repeated_tokens_once_each():
    assert score("a a a", "a").precision == pytest.approx(1 / 3)


def test_empty_gold_and_empty_output():
    assert score("", "").f1 == 1.0
    assert score("junk", "").f1 == 0.0
    assert score("", "gold").f1 == 0.0


def test_mean_is_macro():
    assert mean_score([score("a", "a"), score("", "a")]).f1 == 0.5


def test_paired_interval_of_identical_systems_is_zero():
    scores = [score("a b", "a"), score("a", "a b"), score("", "a")]
    assert paired_interval(scores, scores) == (0.0, 0.0, 0.0)


def test_paired_interval_brackets_the_mean_and_tells_a_clear_difference_from_chance():
    better = [score("a", "a")] * 30 + [score("a", "a b")] * 10
    worse = [score("a c", "a")] * 40
    mean, low, high = paired_interval(better, worse)
    assert low <= mean <= high
    assert low > 0  # every page is better: no draw of pages makes it worse
    mixed = [score("a", "a")] * 20 + [score("x", "a")] * 20
    flipped = [score("x", "a")] * 20 + [score("a", "a")] * 20
    mean, low, high = paired_interval(mixed, flipped)
    assert mean == 0.0 and low < 0 < high


def test_paired_interval_is_reproducible_and_needs_the_same_pages():
    a, b = [score("a", "a b"), score("a b", "a"), score("b", "a")], [score("a", "a")] * 3
    assert paired_interval(a, b) == paired_interval(a, b)
    with pytest.raises(ValueError, match="same pages"):
        paired_interval(a, b[:2])
    with pytest.raises(ValueError, match="at least one draw"):
        paired_interval(a, b, rounds=0)
